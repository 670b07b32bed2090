// The change-set part of review.md, filled in by diff/deploy.

export interface ReviewChange {
  action: 'Add' | 'Modify' | 'Remove' | 'Import' | 'Dynamic' | string;
  logicalId: string;
  resourceType: string;
  /** 'True' | 'False' | 'Conditional' | '' (unknown), as CloudFormation or the template diff says. */
  replacement: string;
  /** Nested stack logical ID path, for changes inside nested stacks. */
  stack?: string;
  /** Property-level details (CloudFormation's ResourceChange.Details), shown with --verbose. */
  details?: string[];
}

/** The change set's resource changes against the account's "Resources in concurrent stack operations" quota. */
export interface ResourceQuota {
  resources: number;
  /** The account's ConcurrentResourcesLimit, or the documented default 2,500. */
  limit: number;
  /** Why the default was used (the account's value could not be read). */
  defaultBecause?: string;
  exceeded: boolean;
}

export interface ChangeSetReview {
  stackName: string;
  changeSetName: string;
  changes: ReviewChange[];
  /** Plain-language IAM and security group changes. */
  securityChanges: string[];
  /** The security changes that add access (statements, managed policies, ingress/egress rules): what the CDK asks about. */
  broadening: string[];
  /** Stateful resources the change set would replace or remove. */
  dataLossRisks: string[];
  /** The template diff as text (no colours). */
  templateDiff: string;
  /**
   * Add, Modify and Remove changes across the root and nested stacks; a nested stack without
   * a nested change set (an emulator) counts its template diff instead.
   */
  resourceChanges: number;
  /** Set when resourceChanges was large enough to read the account's quota (deploy/quota.ts). */
  quota?: ResourceQuota;
}

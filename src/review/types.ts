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
}

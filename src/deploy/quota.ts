// CloudFormation's "Resources in concurrent stack operations" quota: how many resources stack
// operations may involve at one time in an account and region (2,500 by default, adjustable),
// readable as ConcurrentResourcesLimit from DescribeAccountLimits. A change set over it fails
// part-way, so deploy warns before executing. CloudFormation does not document exactly how it
// counts, so this is a warning, never a refusal.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_AccountLimit.html
import { errorMessage, type Aws } from '../aws/clients.js';
import type { ResourceQuota } from '../review/types.js';

/** The documented default, used when the account's value cannot be read. */
export const DEFAULT_CONCURRENT_RESOURCES = 2500;

/** Below this many resource changes the quota is not read: small deploys make no extra call. */
export const QUOTA_CHECK_FROM = 500;

async function concurrentResourcesLimit(aws: Aws): Promise<number | undefined> {
  let next: string | undefined;
  do {
    const page = await aws.cfn.send(new aws.sdk.DescribeAccountLimitsCommand({ NextToken: next }));
    const found = page.AccountLimits?.find((l) => l.Name === 'ConcurrentResourcesLimit')?.Value;
    if (found !== undefined) return found;
    next = page.NextToken;
  } while (next);
  return undefined;
}

/** The quota compared with `resources` changes, or undefined when there are at most `checkFrom`. */
export async function checkResourceQuota(aws: Aws, resources: number, checkFrom = QUOTA_CHECK_FROM): Promise<ResourceQuota | undefined> {
  if (resources <= checkFrom) return undefined;
  let limit: number | undefined;
  let defaultBecause: string | undefined;
  try {
    limit = await concurrentResourcesLimit(aws);
    if (limit === undefined) defaultBecause = 'DescribeAccountLimits does not list ConcurrentResourcesLimit';
  } catch (error) {
    defaultBecause = `DescribeAccountLimits failed: ${errorMessage(error)}`;
  }
  const value = limit ?? DEFAULT_CONCURRENT_RESOURCES;
  return { resources, limit: value, ...(defaultBecause ? { defaultBecause } : {}), exceeded: resources > value };
}

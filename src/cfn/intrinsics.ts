// CloudFormation intrinsic functions as plain objects. Cross-resource references stay
// Ref / Fn::GetAtt objects (never pre-joined strings) so a later pass can rewire them
// across nested stacks.

export type Intrinsic =
  | { Ref: string }
  | { 'Fn::GetAtt': [string, string] }
  | { 'Fn::Sub': string | [string, Record<string, unknown>] }
  | { 'Fn::Join': [string, unknown[]] };

/** A string or an intrinsic that resolves to one. */
export type Value = string | Intrinsic;

export const ref = (logicalId: string): { Ref: string } => ({ Ref: logicalId });

export const getAtt = (logicalId: string, attribute: string): { 'Fn::GetAtt': [string, string] } => ({
  'Fn::GetAtt': [logicalId, attribute],
});

export function sub(template: string, variables?: Record<string, unknown>): { 'Fn::Sub': string | [string, Record<string, unknown>] } {
  return variables && Object.keys(variables).length ? { 'Fn::Sub': [template, variables] } : { 'Fn::Sub': template };
}

export const join = (separator: string, parts: unknown[]): { 'Fn::Join': [string, unknown[]] } => ({
  'Fn::Join': [separator, parts],
});

export const PARTITION = ref('AWS::Partition');
export const REGION = ref('AWS::Region');
export const ACCOUNT_ID = ref('AWS::AccountId');
export const STACK_NAME = ref('AWS::StackName');

/** arn:${AWS::Partition}:<service>:${AWS::Region}:${AWS::AccountId}:<resource>; resource may contain ${X} variables. */
export function arn(service: string, resource: string, variables?: Record<string, unknown>, options: { global?: boolean } = {}) {
  const region = options.global ? '' : '${AWS::Region}';
  return sub(`arn:\${AWS::Partition}:${service}:${region}:\${AWS::AccountId}:${resource}`, variables);
}

/** User text inside an Fn::Sub template: "${" would start a variable, "${!" is the literal. */
export const subLiteral = (text: string): string => text.replace(/\$\{/g, '${!');

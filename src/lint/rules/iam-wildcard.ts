import type { RuleHit, SecurityRule } from '../types.js';
import { RESOURCE_WILDCARD_ACTIONS } from '../../cfn/aws.js';
import { asList } from '../../util/records.js';
import { resourcesOfType } from './util.js';


interface Statement {
  Effect?: string;
  Action?: unknown;
  Resource?: unknown;
}

function documents(type: string, properties: Record<string, unknown>): [(string | number)[], unknown][] {
  if (type === 'AWS::IAM::Policy' || type === 'AWS::IAM::ManagedPolicy') return [[['Properties', 'PolicyDocument'], properties.PolicyDocument]];
  return asList(properties.Policies).map((policy, i) => [['Properties', 'Policies', i, 'PolicyDocument'], (policy as { PolicyDocument?: unknown })?.PolicyDocument]);
}

export const iamWildcard: SecurityRule = {
  id: 'EA1002',
  description: 'IAM policies name their actions and resources (no "*")',
  level: 'error',
  check(template) {
    const hits: RuleHit[] = [];
    for (const [id, res] of resourcesOfType(template, 'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::User', 'AWS::IAM::Group')) {
      for (const [docPath, document] of documents(res.Type, res.Properties ?? {})) {
        asList((document as { Statement?: unknown } | undefined)?.Statement).forEach((raw, index) => {
          const statement = raw as Statement;
          if (statement?.Effect !== 'Allow') return;
          const path = ['Resources', id, ...docPath, 'Statement', index];
          const actions = asList(statement.Action).filter((a): a is string => typeof a === 'string');
          const wildActions = actions.filter((a) => a === '*' || a.endsWith(':*'));
          if (wildActions.length) hits.push({ path, message: `${id} allows every action (${wildActions.join(', ')})` });
          const everyResource = asList(statement.Resource).includes('*');
          // Wildcard actions are reported above; the rest must be allow-listed to use "*" resources.
          const narrow = actions.filter((a) => !RESOURCE_WILDCARD_ACTIONS.has(a) && !wildActions.includes(a));
          if (everyResource && narrow.length) {
            hits.push({ path, message: `${id} allows ${narrow.join(', ')} on every resource ("*")` });
          }
        });
      }
    }
    return hits;
  },
};

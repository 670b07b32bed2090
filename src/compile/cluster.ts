// The cluster (created, or one this stack does not own) and the tasks' security group.
import { getAtt, ref } from '../cfn/intrinsics.js';
import { resource } from '../cfn/resources.js';
import type { Contribution, CompileContext } from './contribution.js';

export function compileCluster({ model, names }: CompileContext): Contribution {
  const resources: NonNullable<Contribution['resources']> = {};
  const outputs: NonNullable<Contribution['outputs']> = {};
  if (!model.tasks.length) return {};
  if (!model.cluster.existing) {
    resources[names.cluster] = resource(
      'AWS::ECS::Cluster',
      {
        ClusterSettings: [{ Name: 'containerInsights', Value: model.cluster.containerInsights ? 'enabled' : 'disabled' }],
        // Both Fargate providers, so tasks with spot: true can ask for FARGATE_SPOT.
        CapacityProviders: ['FARGATE', 'FARGATE_SPOT'],
        DefaultCapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Weight: 1 }],
      },
      { source: 'cluster', group: 'shared' },
    );
    outputs.ClusterName = { Value: ref(names.cluster), Description: 'ECS cluster' };
    outputs.ClusterArn = { Value: getAtt(names.cluster, 'Arn'), Description: 'ECS cluster' };
  }
  if (model.network && !model.network.securityGroups) {
    resources[names.securityGroup] = resource(
      'AWS::EC2::SecurityGroup',
      {
        GroupDescription: `Tasks of ${model.stackName}: no inbound, all outbound`,
        VpcId: model.network.vpc,
        SecurityGroupEgress: [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0', Description: 'All outbound traffic' }],
      },
      { source: 'network', group: 'shared' },
    );
    outputs.TaskSecurityGroupId = { Value: getAtt(names.securityGroup, 'GroupId'), Description: 'Security group of the tasks' };
  }
  return { resources, outputs };
}

/** The awsvpc network configuration every Fargate task and service of this stack uses. */
export function awsvpcConfiguration({ model, names }: CompileContext) {
  const network = model.network!;
  return {
    Subnets: network.subnets,
    SecurityGroups: network.securityGroups ?? [getAtt(names.securityGroup, 'GroupId')],
    AssignPublicIp: network.assignPublicIp ? 'ENABLED' : 'DISABLED',
  };
}

/** How a task is placed: Fargate, or Fargate Spot through the cluster's capacity provider. */
export function capacity(spot: boolean) {
  return spot ? { CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }] } : { LaunchType: 'FARGATE' };
}

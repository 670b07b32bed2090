/* Generated from cfn-lint 1.51.0's CloudFormation resource schemas by scripts/generate-cfn-types.mjs (npm run generate). Do not edit. */
import type { Intrinsic } from './intrinsics.js';

/** AWS::ApplicationAutoScaling::ScalableTarget */
export type ApplicationAutoScalingScalableTarget = {
  MaxCapacity: number | Intrinsic;
  MinCapacity: number | Intrinsic;
  ResourceId: string | Intrinsic;
  RoleARN?: string | Intrinsic;
  ScalableDimension: string | Intrinsic;
  ScheduledActions?: Array<ApplicationAutoScalingScalableTarget_ScheduledAction> | Intrinsic;
  ServiceNamespace: string | Intrinsic;
  SuspendedState?: ApplicationAutoScalingScalableTarget_SuspendedState;
};

export type ApplicationAutoScalingScalableTarget_ScalableTargetAction = {
  MaxCapacity?: number | Intrinsic;
  MinCapacity?: number | Intrinsic;
} | Intrinsic;

export type ApplicationAutoScalingScalableTarget_ScheduledAction = {
  EndTime?: string | Intrinsic;
  ScalableTargetAction?: ApplicationAutoScalingScalableTarget_ScalableTargetAction;
  Schedule: string | Intrinsic;
  ScheduledActionName: string | Intrinsic;
  StartTime?: string | Intrinsic;
  Timezone?: string | Intrinsic;
} | Intrinsic;

export type ApplicationAutoScalingScalableTarget_SuspendedState = {
  DynamicScalingInSuspended?: boolean | Intrinsic;
  DynamicScalingOutSuspended?: boolean | Intrinsic;
  ScheduledScalingSuspended?: boolean | Intrinsic;
} | Intrinsic;

/** AWS::ApplicationAutoScaling::ScalingPolicy */
export type ApplicationAutoScalingScalingPolicy = {
  PolicyName: string | Intrinsic;
  PolicyType: string | Intrinsic;
  PredictiveScalingPolicyConfiguration?: ApplicationAutoScalingScalingPolicy_PredictiveScalingPolicyConfiguration;
  ResourceId?: string | Intrinsic;
  ScalableDimension?: string | Intrinsic;
  ScalingTargetId?: string | Intrinsic;
  ServiceNamespace?: string | Intrinsic;
  StepScalingPolicyConfiguration?: ApplicationAutoScalingScalingPolicy_StepScalingPolicyConfiguration;
  TargetTrackingScalingPolicyConfiguration?: ApplicationAutoScalingScalingPolicy_TargetTrackingScalingPolicyConfiguration;
};

export type ApplicationAutoScalingScalingPolicy_CustomizedMetricSpecification = {
  Dimensions?: Array<ApplicationAutoScalingScalingPolicy_MetricDimension> | Intrinsic;
  MetricName?: string | Intrinsic;
  Metrics?: Array<ApplicationAutoScalingScalingPolicy_TargetTrackingMetricDataQuery> | Intrinsic;
  Namespace?: string | Intrinsic;
  Statistic?: string | Intrinsic;
  Unit?: string | Intrinsic;
} | Intrinsic;

export type ApplicationAutoScalingScalingPolicy_MetricDimension = {
  Name: string | Intrinsic;
  Value: string | Intrinsic;
} | Intrinsic;

export type ApplicationAutoScalingScalingPolicy_PredefinedMetricSpecification = {
  PredefinedMetricType: string | Intrinsic;
  ResourceLabel?: string | Intrinsic;
} | Intrinsic;

export type ApplicationAutoScalingScalingPolicy_PredictiveScalingCustomizedCapacityMetric = {
  MetricDataQueries: Array<ApplicationAutoScalingScalingPolicy_PredictiveScalingMetricDataQuery> | Intrinsic;
} | Intrinsic;

export type ApplicationAutoScalingScalingPolicy_PredictiveScalingCustomizedLoadMetric = {
  MetricDataQueries: Array<ApplicationAutoScalingScalingPolicy_PredictiveScalingMetricDataQuery> | Intrinsic;
} | Intrinsic;

export type ApplicationAutoScalingScalingPolicy_PredictiveScalingCustomizedScalingMetric = {
  MetricDataQueries: Array<ApplicationAutoScalingScalingPolicy_PredictiveScalingMetricDataQuery> | Intrinsic;
} | Intrinsic;

export type ApplicationAutoScalingScalingPolicy_PredictiveScalingMetric = {
  Dimensions?: Array<ApplicationAutoScalingScalingPolicy_PredictiveScalingMetricDimension> | Intrinsic;
  MetricName?: string | Intrinsic;
  Namespace?: string | Intrinsic;
} | Intrinsic;

export type ApplicationAutoScalingScalingPolicy_PredictiveScalingMetricDataQuery = {
  Expression?: string | Intrinsic;
  Id?: string | Intrinsic;
  Label?: string | Intrinsic;
  MetricStat?: ApplicationAutoScalingScalingPolicy_PredictiveScalingMetricStat;
  ReturnData?: boolean | Intrinsic;
} | Intrinsic;

export type ApplicationAutoScalingScalingPolicy_PredictiveScalingMetricDimension = {
  Name?: string | Intrinsic;
  Value?: string | Intrinsic;
} | Intrinsic;

export type ApplicationAutoScalingScalingPolicy_PredictiveScalingMetricSpecification = {
  CustomizedCapacityMetricSpecification?: ApplicationAutoScalingScalingPolicy_PredictiveScalingCustomizedCapacityMetric;
  CustomizedLoadMetricSpecification?: ApplicationAutoScalingScalingPolicy_PredictiveScalingCustomizedLoadMetric;
  CustomizedScalingMetricSpecification?: ApplicationAutoScalingScalingPolicy_PredictiveScalingCustomizedScalingMetric;
  PredefinedLoadMetricSpecification?: ApplicationAutoScalingScalingPolicy_PredictiveScalingPredefinedLoadMetric;
  PredefinedMetricPairSpecification?: ApplicationAutoScalingScalingPolicy_PredictiveScalingPredefinedMetricPair;
  PredefinedScalingMetricSpecification?: ApplicationAutoScalingScalingPolicy_PredictiveScalingPredefinedScalingMetric;
  TargetValue: number | Intrinsic;
} | Intrinsic;

export type ApplicationAutoScalingScalingPolicy_PredictiveScalingMetricStat = {
  Metric?: ApplicationAutoScalingScalingPolicy_PredictiveScalingMetric;
  Stat?: string | Intrinsic;
  Unit?: string | Intrinsic;
} | Intrinsic;

export type ApplicationAutoScalingScalingPolicy_PredictiveScalingPolicyConfiguration = {
  MaxCapacityBreachBehavior?: string | Intrinsic;
  MaxCapacityBuffer?: number | Intrinsic;
  MetricSpecifications: Array<ApplicationAutoScalingScalingPolicy_PredictiveScalingMetricSpecification> | Intrinsic;
  Mode?: string | Intrinsic;
  SchedulingBufferTime?: number | Intrinsic;
} | Intrinsic;

export type ApplicationAutoScalingScalingPolicy_PredictiveScalingPredefinedLoadMetric = {
  PredefinedMetricType: string | Intrinsic;
  ResourceLabel?: string | Intrinsic;
} | Intrinsic;

export type ApplicationAutoScalingScalingPolicy_PredictiveScalingPredefinedMetricPair = {
  PredefinedMetricType: string | Intrinsic;
  ResourceLabel?: string | Intrinsic;
} | Intrinsic;

export type ApplicationAutoScalingScalingPolicy_PredictiveScalingPredefinedScalingMetric = {
  PredefinedMetricType: string | Intrinsic;
  ResourceLabel?: string | Intrinsic;
} | Intrinsic;

export type ApplicationAutoScalingScalingPolicy_StepAdjustment = {
  MetricIntervalLowerBound?: number | Intrinsic;
  MetricIntervalUpperBound?: number | Intrinsic;
  ScalingAdjustment: number | Intrinsic;
} | Intrinsic;

export type ApplicationAutoScalingScalingPolicy_StepScalingPolicyConfiguration = {
  AdjustmentType?: string | Intrinsic;
  Cooldown?: number | Intrinsic;
  MetricAggregationType?: string | Intrinsic;
  MinAdjustmentMagnitude?: number | Intrinsic;
  StepAdjustments?: Array<ApplicationAutoScalingScalingPolicy_StepAdjustment> | Intrinsic;
} | Intrinsic;

export type ApplicationAutoScalingScalingPolicy_TargetTrackingMetric = {
  Dimensions?: Array<ApplicationAutoScalingScalingPolicy_TargetTrackingMetricDimension> | Intrinsic;
  MetricName?: string | Intrinsic;
  Namespace?: string | Intrinsic;
} | Intrinsic;

export type ApplicationAutoScalingScalingPolicy_TargetTrackingMetricDataQuery = {
  Expression?: string | Intrinsic;
  Id?: string | Intrinsic;
  Label?: string | Intrinsic;
  MetricStat?: ApplicationAutoScalingScalingPolicy_TargetTrackingMetricStat;
  ReturnData?: boolean | Intrinsic;
} | Intrinsic;

export type ApplicationAutoScalingScalingPolicy_TargetTrackingMetricDimension = {
  Name?: string | Intrinsic;
  Value?: string | Intrinsic;
} | Intrinsic;

export type ApplicationAutoScalingScalingPolicy_TargetTrackingMetricStat = {
  Metric?: ApplicationAutoScalingScalingPolicy_TargetTrackingMetric;
  Stat?: string | Intrinsic;
  Unit?: string | Intrinsic;
} | Intrinsic;

export type ApplicationAutoScalingScalingPolicy_TargetTrackingScalingPolicyConfiguration = {
  CustomizedMetricSpecification?: ApplicationAutoScalingScalingPolicy_CustomizedMetricSpecification;
  DisableScaleIn?: boolean | Intrinsic;
  PredefinedMetricSpecification?: ApplicationAutoScalingScalingPolicy_PredefinedMetricSpecification;
  ScaleInCooldown?: number | Intrinsic;
  ScaleOutCooldown?: number | Intrinsic;
  TargetValue: number | Intrinsic;
} | Intrinsic;

/** AWS::CloudFormation::Stack */
export type CloudFormationStack = {
  NotificationARNs?: Array<string | Intrinsic> | Intrinsic;
  Parameters?: object | Intrinsic;
  Tags?: Array<CloudFormationStack_Tag> | Intrinsic;
  TemplateURL: string | Intrinsic;
  TimeoutInMinutes?: number | Intrinsic;
};

export type CloudFormationStack_Tag = {
  Key: string | Intrinsic;
  Value: string | Intrinsic;
} | Intrinsic;

/** AWS::CloudWatch::Alarm */
export type CloudWatchAlarm = {
  ActionsEnabled?: boolean | Intrinsic;
  AlarmActions?: Array<string | Intrinsic> | Intrinsic;
  AlarmDescription?: string | Intrinsic;
  AlarmName?: string | Intrinsic;
  ComparisonOperator?: string | Intrinsic;
  DatapointsToAlarm?: number | Intrinsic;
  Dimensions?: Array<CloudWatchAlarm_Dimension> | Intrinsic;
  EvaluateLowSampleCountPercentile?: string | Intrinsic;
  EvaluationCriteria?: CloudWatchAlarm_EvaluationCriteria;
  EvaluationInterval?: number | Intrinsic;
  EvaluationPeriods?: number | Intrinsic;
  ExtendedStatistic?: string | Intrinsic;
  InsufficientDataActions?: Array<string | Intrinsic> | Intrinsic;
  MetricName?: string | Intrinsic;
  Metrics?: Array<CloudWatchAlarm_MetricDataQuery> | Intrinsic;
  Namespace?: string | Intrinsic;
  OKActions?: Array<string | Intrinsic> | Intrinsic;
  Period?: number | Intrinsic;
  Statistic?: string | Intrinsic;
  Tags?: Array<CloudWatchAlarm_Tag> | Intrinsic;
  Threshold?: number | Intrinsic;
  ThresholdMetricId?: string | Intrinsic;
  TreatMissingData?: string | Intrinsic;
  Unit?: string | Intrinsic;
};

export type CloudWatchAlarm_AlarmPromQLCriteria = {
  PendingPeriod?: number | Intrinsic;
  Query?: string | Intrinsic;
  RecoveryPeriod?: number | Intrinsic;
} | Intrinsic;

export type CloudWatchAlarm_Dimension = {
  Name: string | Intrinsic;
  Value: string | Intrinsic;
} | Intrinsic;

export type CloudWatchAlarm_EvaluationCriteria = {
  PromQLCriteria?: CloudWatchAlarm_AlarmPromQLCriteria;
} | Intrinsic;

export type CloudWatchAlarm_Metric = {
  Dimensions?: Array<CloudWatchAlarm_Dimension> | Intrinsic;
  MetricName?: string | Intrinsic;
  Namespace?: string | Intrinsic;
} | Intrinsic;

export type CloudWatchAlarm_MetricDataQuery = {
  AccountId?: string | Intrinsic;
  Expression?: string | Intrinsic;
  Id: string | Intrinsic;
  Label?: string | Intrinsic;
  MetricStat?: CloudWatchAlarm_MetricStat;
  Period?: number | Intrinsic;
  ReturnData?: boolean | Intrinsic;
} | Intrinsic;

export type CloudWatchAlarm_MetricStat = {
  Metric: CloudWatchAlarm_Metric;
  Period: number | Intrinsic;
  Stat: string | Intrinsic;
  Unit?: string | Intrinsic;
} | Intrinsic;

export type CloudWatchAlarm_Tag = {
  Key: string | Intrinsic;
  Value: string | Intrinsic;
} | Intrinsic;

/** AWS::DynamoDB::Table */
export type DynamoDBTable = {
  AttributeDefinitions?: Array<DynamoDBTable_AttributeDefinition> | Intrinsic;
  BillingMode?: string | Intrinsic;
  ContributorInsightsSpecification?: DynamoDBTable_ContributorInsightsSpecification;
  DeletionProtectionEnabled?: boolean | Intrinsic;
  GlobalSecondaryIndexes?: Array<DynamoDBTable_GlobalSecondaryIndex> | Intrinsic;
  ImportSourceSpecification?: DynamoDBTable_ImportSourceSpecification;
  KeySchema: DynamoDBTable_KeySchema | object | string | Intrinsic;
  KinesisStreamSpecification?: DynamoDBTable_KinesisStreamSpecification;
  LocalSecondaryIndexes?: Array<DynamoDBTable_LocalSecondaryIndex> | Intrinsic;
  OnDemandThroughput?: DynamoDBTable_OnDemandThroughput;
  PointInTimeRecoverySpecification?: DynamoDBTable_PointInTimeRecoverySpecification;
  ProvisionedThroughput?: DynamoDBTable_ProvisionedThroughput;
  ResourcePolicy?: DynamoDBTable_ResourcePolicy;
  SSESpecification?: DynamoDBTable_SSESpecification;
  StreamSpecification?: DynamoDBTable_StreamSpecification;
  TableClass?: string | Intrinsic;
  TableName?: string | Intrinsic;
  Tags?: Array<DynamoDBTable_Tag> | Intrinsic;
  TimeToLiveSpecification?: DynamoDBTable_TimeToLiveSpecification;
  WarmThroughput?: DynamoDBTable_WarmThroughput;
};

export type DynamoDBTable_AttributeDefinition = {
  AttributeName: string | Intrinsic;
  AttributeType: string | Intrinsic;
} | Intrinsic;

export type DynamoDBTable_ContributorInsightsSpecification = {
  Enabled: boolean | Intrinsic;
  Mode?: string | Intrinsic;
} | Intrinsic;

export type DynamoDBTable_Csv = {
  Delimiter?: string | Intrinsic;
  HeaderList?: Array<string | Intrinsic> | Intrinsic;
} | Intrinsic;

export type DynamoDBTable_DeprecatedHashKeyElement = {
  AttributeName: string | Intrinsic;
  AttributeType: string | Intrinsic;
} | Intrinsic;

export type DynamoDBTable_DeprecatedKeySchema = {
  HashKeyElement: DynamoDBTable_DeprecatedHashKeyElement;
} | Intrinsic;

export type DynamoDBTable_GlobalSecondaryIndex = {
  ContributorInsightsSpecification?: DynamoDBTable_ContributorInsightsSpecification;
  IndexName: string | Intrinsic;
  KeySchema: Array<{
    AttributeName: string | Intrinsic;
    KeyType: string | Intrinsic;
  } | Intrinsic> | Intrinsic;
  OnDemandThroughput?: DynamoDBTable_OnDemandThroughput;
  Projection: DynamoDBTable_Projection;
  ProvisionedThroughput?: DynamoDBTable_ProvisionedThroughput;
  WarmThroughput?: DynamoDBTable_WarmThroughput;
} | Intrinsic;

export type DynamoDBTable_ImportSourceSpecification = {
  InputCompressionType?: string | Intrinsic;
  InputFormat: string | Intrinsic;
  InputFormatOptions?: DynamoDBTable_InputFormatOptions;
  S3BucketSource: DynamoDBTable_S3BucketSource;
} | Intrinsic;

export type DynamoDBTable_InputFormatOptions = {
  Csv?: DynamoDBTable_Csv;
} | Intrinsic;

export type DynamoDBTable_KeySchema = Array<{
  AttributeName: string | Intrinsic;
  KeyType: string | Intrinsic;
} | Intrinsic> | Intrinsic;

export type DynamoDBTable_KinesisStreamSpecification = {
  ApproximateCreationDateTimePrecision?: string | Intrinsic;
  StreamArn: string | Intrinsic;
} | Intrinsic;

export type DynamoDBTable_LocalSecondaryIndex = {
  IndexName: string | Intrinsic;
  KeySchema: DynamoDBTable_KeySchema;
  Projection: DynamoDBTable_Projection;
} | Intrinsic;

export type DynamoDBTable_OnDemandThroughput = {
  MaxReadRequestUnits?: number | Intrinsic;
  MaxWriteRequestUnits?: number | Intrinsic;
} | Intrinsic;

export type DynamoDBTable_PointInTimeRecoverySpecification = {
  PointInTimeRecoveryEnabled?: boolean | Intrinsic;
  RecoveryPeriodInDays?: number | Intrinsic;
} | Intrinsic;

export type DynamoDBTable_Projection = {
  NonKeyAttributes?: Array<string | Intrinsic> | Intrinsic;
  ProjectionType?: string | Intrinsic;
} | Intrinsic;

export type DynamoDBTable_ProvisionedThroughput = {
  ReadCapacityUnits: number | Intrinsic;
  WriteCapacityUnits: number | Intrinsic;
} | Intrinsic;

export type DynamoDBTable_ResourcePolicy = {
  PolicyDocument: object | string | Intrinsic;
} | Intrinsic;

export type DynamoDBTable_S3BucketSource = {
  S3Bucket: string | Intrinsic;
  S3BucketOwner?: string | Intrinsic;
  S3KeyPrefix?: string | Intrinsic;
} | Intrinsic;

export type DynamoDBTable_SSESpecification = {
  KMSMasterKeyId?: string | Intrinsic;
  SSEEnabled: boolean | Intrinsic;
  SSEType?: string | Intrinsic;
} | Intrinsic;

export type DynamoDBTable_StreamSpecification = {
  ResourcePolicy?: DynamoDBTable_ResourcePolicy;
  StreamViewType: string | Intrinsic;
} | Intrinsic;

export type DynamoDBTable_Tag = {
  Key: string | Intrinsic;
  Value: string | Intrinsic;
} | Intrinsic;

export type DynamoDBTable_TimeToLiveSpecification = {
  AttributeName?: string | Intrinsic;
  Enabled: boolean | Intrinsic;
} | Intrinsic;

export type DynamoDBTable_WarmThroughput = {
  ReadUnitsPerSecond?: number | Intrinsic;
  WriteUnitsPerSecond?: number | Intrinsic;
} | Intrinsic;

/** AWS::EC2::SecurityGroup */
export type EC2SecurityGroup = {
  GroupDescription: string | Intrinsic;
  GroupName?: string | Intrinsic;
  SecurityGroupEgress?: Array<EC2SecurityGroup_Egress> | Intrinsic;
  SecurityGroupIngress?: Array<EC2SecurityGroup_Ingress> | Intrinsic;
  Tags?: Array<EC2SecurityGroup_Tag> | Intrinsic;
  VpcId?: string | Intrinsic;
};

export type EC2SecurityGroup_Egress = {
  CidrIp?: string | Intrinsic;
  CidrIpv6?: string | Intrinsic;
  Description?: string | Intrinsic;
  DestinationPrefixListId?: string | Intrinsic;
  DestinationSecurityGroupId?: string | Intrinsic;
  FromPort?: number | Intrinsic;
  IpProtocol: string | Intrinsic;
  ToPort?: number | Intrinsic;
} | Intrinsic;

export type EC2SecurityGroup_Ingress = {
  CidrIp?: string | Intrinsic;
  CidrIpv6?: string | Intrinsic;
  Description?: string | Intrinsic;
  FromPort?: number | Intrinsic;
  IpProtocol: string | Intrinsic;
  SourcePrefixListId?: string | Intrinsic;
  SourceSecurityGroupId?: string | Intrinsic;
  SourceSecurityGroupName?: string | Intrinsic;
  SourceSecurityGroupOwnerId?: string | Intrinsic;
  ToPort?: number | Intrinsic;
} | Intrinsic;

export type EC2SecurityGroup_Tag = {
  Key: string | Intrinsic;
  Value: string | Intrinsic;
} | Intrinsic;

/** AWS::ECS::Cluster */
export type ECSCluster = {
  CapacityProviders?: Array<string | Intrinsic> | Intrinsic;
  ClusterName?: string | Intrinsic;
  ClusterSettings?: Array<ECSCluster_ClusterSettings> | Intrinsic;
  Configuration?: ECSCluster_ClusterConfiguration;
  DefaultCapacityProviderStrategy?: Array<ECSCluster_CapacityProviderStrategyItem> | Intrinsic;
  ServiceConnectDefaults?: ECSCluster_ServiceConnectDefaults;
  Tags?: Array<ECSCluster_Tag> | Intrinsic;
};

export type ECSCluster_CapacityProviderStrategyItem = {
  Base?: number | Intrinsic;
  CapacityProvider?: string | Intrinsic;
  Weight?: number | Intrinsic;
} | Intrinsic;

export type ECSCluster_ClusterConfiguration = {
  ExecuteCommandConfiguration?: ECSCluster_ExecuteCommandConfiguration;
  ManagedStorageConfiguration?: ECSCluster_ManagedStorageConfiguration;
} | Intrinsic;

export type ECSCluster_ClusterSettings = {
  Name?: string | Intrinsic;
  Value?: string | Intrinsic;
} | Intrinsic;

export type ECSCluster_ExecuteCommandConfiguration = {
  KmsKeyId?: string | Intrinsic;
  LogConfiguration?: ECSCluster_ExecuteCommandLogConfiguration;
  Logging?: string | Intrinsic;
} | Intrinsic;

export type ECSCluster_ExecuteCommandLogConfiguration = {
  CloudWatchEncryptionEnabled?: boolean | Intrinsic;
  CloudWatchLogGroupName?: string | Intrinsic;
  S3BucketName?: string | Intrinsic;
  S3EncryptionEnabled?: boolean | Intrinsic;
  S3KeyPrefix?: string | Intrinsic;
} | Intrinsic;

export type ECSCluster_ManagedStorageConfiguration = {
  FargateEphemeralStorageKmsKeyId?: string | Intrinsic;
  KmsKeyId?: string | Intrinsic;
} | Intrinsic;

export type ECSCluster_ServiceConnectDefaults = {
  Namespace?: string | Intrinsic;
} | Intrinsic;

export type ECSCluster_Tag = {
  Key?: string | Intrinsic;
  Value?: string | Intrinsic;
} | Intrinsic;

/** AWS::ECS::Service */
export type ECSService = {
  AvailabilityZoneRebalancing?: string | Intrinsic;
  CapacityProviderStrategy?: Array<ECSService_CapacityProviderStrategyItem> | Intrinsic;
  Cluster?: string | Intrinsic;
  DeploymentConfiguration?: ECSService_DeploymentConfiguration;
  DeploymentController?: ECSService_DeploymentController;
  DesiredCount?: number | Intrinsic;
  EnableECSManagedTags?: boolean | Intrinsic;
  EnableExecuteCommand?: boolean | Intrinsic;
  ForceNewDeployment?: ECSService_ForceNewDeployment;
  HealthCheckGracePeriodSeconds?: number | Intrinsic;
  LaunchType?: string | Intrinsic;
  LoadBalancers?: Array<ECSService_LoadBalancer> | Intrinsic;
  NetworkConfiguration?: ECSService_NetworkConfiguration;
  PlacementConstraints?: Array<ECSService_PlacementConstraint> | Intrinsic;
  PlacementStrategies?: Array<ECSService_PlacementStrategy> | Intrinsic;
  PlatformVersion?: string | Intrinsic;
  PropagateTags?: string | Intrinsic;
  Role?: string | Intrinsic;
  SchedulingStrategy?: string | Intrinsic;
  ServiceConnectConfiguration?: ECSService_ServiceConnectConfiguration;
  ServiceName?: string | Intrinsic;
  ServiceRegistries?: Array<ECSService_ServiceRegistry> | Intrinsic;
  Tags?: Array<ECSService_Tag> | Intrinsic;
  TaskDefinition?: string | Intrinsic;
  VolumeConfigurations?: Array<ECSService_ServiceVolumeConfiguration> | Intrinsic;
  VpcLatticeConfigurations?: Array<ECSService_VpcLatticeConfiguration> | Intrinsic;
};

export type ECSService_AdvancedConfiguration = {
  AlternateTargetGroupArn: string | Intrinsic;
  ProductionListenerRule?: string | Intrinsic;
  RoleArn?: string | Intrinsic;
  TestListenerRule?: string | Intrinsic;
} | Intrinsic;

export type ECSService_AwsVpcConfiguration = {
  AssignPublicIp?: string | Intrinsic;
  SecurityGroups?: Array<string | Intrinsic> | Intrinsic;
  Subnets?: Array<string | Intrinsic> | Intrinsic;
} | Intrinsic;

export type ECSService_CanaryConfiguration = {
  CanaryBakeTimeInMinutes?: number | Intrinsic;
  CanaryPercent?: number | Intrinsic;
} | Intrinsic;

export type ECSService_CapacityProviderStrategyItem = {
  Base?: number | Intrinsic;
  CapacityProvider?: string | Intrinsic;
  Weight?: number | Intrinsic;
} | Intrinsic;

export type ECSService_DeploymentAlarms = {
  AlarmNames: Array<string | Intrinsic> | Intrinsic;
  Enable: boolean | Intrinsic;
  Rollback: boolean | Intrinsic;
} | Intrinsic;

export type ECSService_DeploymentCircuitBreaker = {
  Enable: boolean | Intrinsic;
  Rollback: boolean | Intrinsic;
} | Intrinsic;

export type ECSService_DeploymentConfiguration = {
  Alarms?: ECSService_DeploymentAlarms;
  BakeTimeInMinutes?: number | Intrinsic;
  CanaryConfiguration?: ECSService_CanaryConfiguration;
  DeploymentCircuitBreaker?: ECSService_DeploymentCircuitBreaker;
  LifecycleHooks?: Array<ECSService_DeploymentLifecycleHook> | Intrinsic;
  LinearConfiguration?: ECSService_LinearConfiguration;
  MaximumPercent?: number | Intrinsic;
  MinimumHealthyPercent?: number | Intrinsic;
  Strategy?: string | Intrinsic;
} | Intrinsic;

export type ECSService_DeploymentController = {
  Type?: string | Intrinsic;
} | Intrinsic;

export type ECSService_DeploymentLifecycleHook = {
  HookDetails?: string | object | Intrinsic;
  HookTargetArn: string | Intrinsic;
  LifecycleStages: Array<string | Intrinsic> | Intrinsic;
  RoleArn: string | Intrinsic;
} | Intrinsic;

export type ECSService_EBSTagSpecification = {
  PropagateTags?: string | Intrinsic;
  ResourceType: string | Intrinsic;
  Tags?: Array<ECSService_Tag> | Intrinsic;
} | Intrinsic;

export type ECSService_ForceNewDeployment = {
  EnableForceNewDeployment: boolean | Intrinsic;
  ForceNewDeploymentNonce?: string | Intrinsic;
} | Intrinsic;

export type ECSService_LinearConfiguration = {
  StepBakeTimeInMinutes?: number | Intrinsic;
  StepPercent?: number | Intrinsic;
} | Intrinsic;

export type ECSService_LoadBalancer = {
  AdvancedConfiguration?: ECSService_AdvancedConfiguration;
  ContainerName?: string | Intrinsic;
  ContainerPort?: number | Intrinsic;
  LoadBalancerName?: string | Intrinsic;
  TargetGroupArn?: string | Intrinsic;
} | Intrinsic;

export type ECSService_LogConfiguration = {
  LogDriver?: string | Intrinsic;
  Options?: object | Intrinsic;
  SecretOptions?: Array<ECSService_Secret> | Intrinsic;
} | Intrinsic;

export type ECSService_NetworkConfiguration = {
  AwsvpcConfiguration?: ECSService_AwsVpcConfiguration;
} | Intrinsic;

export type ECSService_PlacementConstraint = {
  Expression?: string | Intrinsic;
  Type: string | Intrinsic;
} | Intrinsic;

export type ECSService_PlacementStrategy = {
  Field?: string | Intrinsic;
  Type: string | Intrinsic;
} | Intrinsic;

export type ECSService_Secret = {
  Name: string | Intrinsic;
  ValueFrom: string | Intrinsic;
} | Intrinsic;

export type ECSService_ServiceConnectAccessLogConfiguration = {
  Format: string | Intrinsic;
  IncludeQueryParameters?: string | Intrinsic;
} | Intrinsic;

export type ECSService_ServiceConnectClientAlias = {
  DnsName?: string | Intrinsic;
  Port: number | Intrinsic;
  TestTrafficRules?: ECSService_ServiceConnectTestTrafficRules;
} | Intrinsic;

export type ECSService_ServiceConnectConfiguration = {
  AccessLogConfiguration?: ECSService_ServiceConnectAccessLogConfiguration;
  Enabled: boolean | Intrinsic;
  LogConfiguration?: ECSService_LogConfiguration;
  Namespace?: string | Intrinsic;
  Services?: Array<ECSService_ServiceConnectService> | Intrinsic;
} | Intrinsic;

export type ECSService_ServiceConnectService = {
  ClientAliases?: Array<ECSService_ServiceConnectClientAlias> | Intrinsic;
  DiscoveryName?: string | Intrinsic;
  IngressPortOverride?: number | Intrinsic;
  PortName: string | Intrinsic;
  Timeout?: ECSService_TimeoutConfiguration;
  Tls?: ECSService_ServiceConnectTlsConfiguration;
} | Intrinsic;

export type ECSService_ServiceConnectTestTrafficRules = {
  Header: ECSService_ServiceConnectTestTrafficRulesHeader;
} | Intrinsic;

export type ECSService_ServiceConnectTestTrafficRulesHeader = {
  Name: string | Intrinsic;
  Value?: ECSService_ServiceConnectTestTrafficRulesHeaderValue;
} | Intrinsic;

export type ECSService_ServiceConnectTestTrafficRulesHeaderValue = {
  Exact: string | Intrinsic;
} | Intrinsic;

export type ECSService_ServiceConnectTlsCertificateAuthority = {
  AwsPcaAuthorityArn?: string | Intrinsic;
} | Intrinsic;

export type ECSService_ServiceConnectTlsConfiguration = {
  IssuerCertificateAuthority: ECSService_ServiceConnectTlsCertificateAuthority;
  KmsKey?: string | Intrinsic;
  RoleArn?: string | Intrinsic;
} | Intrinsic;

export type ECSService_ServiceManagedEBSVolumeConfiguration = {
  Encrypted?: boolean | Intrinsic;
  FilesystemType?: string | Intrinsic;
  Iops?: number | Intrinsic;
  KmsKeyId?: string | Intrinsic;
  RoleArn: string | Intrinsic;
  SizeInGiB?: number | Intrinsic;
  SnapshotId?: string | Intrinsic;
  TagSpecifications?: Array<ECSService_EBSTagSpecification> | Intrinsic;
  Throughput?: number | Intrinsic;
  VolumeInitializationRate?: number | Intrinsic;
  VolumeType?: string | Intrinsic;
} | Intrinsic;

export type ECSService_ServiceRegistry = {
  ContainerName?: string | Intrinsic;
  ContainerPort?: number | Intrinsic;
  Port?: number | Intrinsic;
  RegistryArn?: string | Intrinsic;
} | Intrinsic;

export type ECSService_ServiceVolumeConfiguration = {
  ManagedEBSVolume?: ECSService_ServiceManagedEBSVolumeConfiguration;
  Name: string | Intrinsic;
} | Intrinsic;

export type ECSService_Tag = {
  Key?: string | Intrinsic;
  Value?: string | Intrinsic;
} | Intrinsic;

export type ECSService_TimeoutConfiguration = {
  IdleTimeoutSeconds?: number | Intrinsic;
  PerRequestTimeoutSeconds?: number | Intrinsic;
} | Intrinsic;

export type ECSService_VpcLatticeConfiguration = {
  PortName: string | Intrinsic;
  RoleArn: string | Intrinsic;
  TargetGroupArn: string | Intrinsic;
} | Intrinsic;

/** AWS::ECS::TaskDefinition */
export type ECSTaskDefinition = {
  ContainerDefinitions?: Array<ECSTaskDefinition_ContainerDefinition> | Intrinsic;
  Cpu?: string | Intrinsic;
  EnableFaultInjection?: boolean | Intrinsic;
  EphemeralStorage?: ECSTaskDefinition_EphemeralStorage;
  ExecutionRoleArn?: string | Intrinsic;
  Family?: string | Intrinsic;
  InferenceAccelerators?: Array<ECSTaskDefinition_InferenceAccelerator> | Intrinsic;
  IpcMode?: string | Intrinsic;
  Memory?: string | Intrinsic;
  NetworkMode?: string | Intrinsic;
  PidMode?: string | Intrinsic;
  PlacementConstraints?: Array<ECSTaskDefinition_TaskDefinitionPlacementConstraint> | Intrinsic;
  ProxyConfiguration?: ECSTaskDefinition_ProxyConfiguration;
  RequiresCompatibilities?: Array<string | Intrinsic> | Intrinsic;
  RuntimePlatform?: ECSTaskDefinition_RuntimePlatform;
  Tags?: Array<ECSTaskDefinition_Tag> | Intrinsic;
  TaskRoleArn?: string | Intrinsic;
  Volumes?: Array<ECSTaskDefinition_Volume> | Intrinsic;
};

export type ECSTaskDefinition_AuthorizationConfig = {
  AccessPointId?: string | Intrinsic;
  IAM?: string | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_ContainerDefinition = {
  Command?: Array<string | Intrinsic> | Intrinsic;
  Cpu?: number | Intrinsic;
  CredentialSpecs?: Array<string | Intrinsic> | Intrinsic;
  DependsOn?: Array<ECSTaskDefinition_ContainerDependency> | Intrinsic;
  DisableNetworking?: boolean | Intrinsic;
  DnsSearchDomains?: Array<string | Intrinsic> | Intrinsic;
  DnsServers?: Array<string | Intrinsic> | Intrinsic;
  DockerLabels?: object | Intrinsic;
  DockerSecurityOptions?: Array<string | Intrinsic> | Intrinsic;
  EntryPoint?: Array<string | Intrinsic> | Intrinsic;
  Environment?: Array<ECSTaskDefinition_KeyValuePair> | Intrinsic;
  EnvironmentFiles?: Array<ECSTaskDefinition_EnvironmentFile> | Intrinsic;
  Essential?: boolean | Intrinsic;
  ExtraHosts?: Array<ECSTaskDefinition_HostEntry> | Intrinsic;
  FirelensConfiguration?: ECSTaskDefinition_FirelensConfiguration;
  HealthCheck?: ECSTaskDefinition_HealthCheck;
  Hostname?: string | Intrinsic;
  Image: string | Intrinsic;
  Interactive?: boolean | Intrinsic;
  Links?: Array<string | Intrinsic> | Intrinsic;
  LinuxParameters?: ECSTaskDefinition_LinuxParameters;
  LogConfiguration?: ECSTaskDefinition_LogConfiguration;
  Memory?: number | Intrinsic;
  MemoryReservation?: number | Intrinsic;
  MountPoints?: Array<ECSTaskDefinition_MountPoint> | Intrinsic;
  Name: string | Intrinsic;
  PortMappings?: Array<ECSTaskDefinition_PortMapping> | Intrinsic;
  Privileged?: boolean | Intrinsic;
  PseudoTerminal?: boolean | Intrinsic;
  ReadonlyRootFilesystem?: boolean | Intrinsic;
  RepositoryCredentials?: ECSTaskDefinition_RepositoryCredentials;
  ResourceRequirements?: Array<ECSTaskDefinition_ResourceRequirement> | Intrinsic;
  RestartPolicy?: ECSTaskDefinition_RestartPolicy;
  Secrets?: Array<ECSTaskDefinition_Secret> | Intrinsic;
  StartTimeout?: number | Intrinsic;
  StopTimeout?: number | Intrinsic;
  SystemControls?: Array<ECSTaskDefinition_SystemControl> | Intrinsic;
  Ulimits?: Array<ECSTaskDefinition_Ulimit> | Intrinsic;
  User?: string | Intrinsic;
  VersionConsistency?: string | Intrinsic;
  VolumesFrom?: Array<ECSTaskDefinition_VolumeFrom> | Intrinsic;
  WorkingDirectory?: string | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_ContainerDependency = {
  Condition?: string | Intrinsic;
  ContainerName?: string | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_Device = {
  ContainerPath?: string | Intrinsic;
  HostPath?: string | Intrinsic;
  Permissions?: Array<string | Intrinsic> | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_DockerVolumeConfiguration = {
  Autoprovision?: boolean | Intrinsic;
  Driver?: string | Intrinsic;
  DriverOpts?: object | Intrinsic;
  Labels?: object | Intrinsic;
  Scope?: string | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_EFSVolumeConfiguration = {
  AuthorizationConfig?: ECSTaskDefinition_AuthorizationConfig;
  FilesystemId: string | Intrinsic;
  RootDirectory?: string | Intrinsic;
  TransitEncryption?: string | Intrinsic;
  TransitEncryptionPort?: number | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_EnvironmentFile = {
  Type?: string | Intrinsic;
  Value?: string | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_EphemeralStorage = {
  SizeInGiB?: number | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_FirelensConfiguration = {
  Options?: object | Intrinsic;
  Type?: string | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_FSxAuthorizationConfig = {
  CredentialsParameter: string | Intrinsic;
  Domain: string | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_FSxWindowsFileServerVolumeConfiguration = {
  AuthorizationConfig?: ECSTaskDefinition_FSxAuthorizationConfig;
  FileSystemId: string | Intrinsic;
  RootDirectory: string | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_HealthCheck = {
  Command?: Array<string | Intrinsic> | Intrinsic;
  Interval?: number | Intrinsic;
  Retries?: number | Intrinsic;
  StartPeriod?: number | Intrinsic;
  Timeout?: number | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_HostEntry = {
  Hostname?: string | Intrinsic;
  IpAddress?: string | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_HostVolumeProperties = {
  SourcePath?: string | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_InferenceAccelerator = {
  DeviceName?: string | Intrinsic;
  DeviceType?: string | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_KernelCapabilities = {
  Add?: Array<string | Intrinsic> | Intrinsic;
  Drop?: Array<string | Intrinsic> | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_KeyValuePair = {
  Name?: string | Intrinsic;
  Value?: string | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_LinuxParameters = {
  Capabilities?: ECSTaskDefinition_KernelCapabilities;
  Devices?: Array<ECSTaskDefinition_Device> | Intrinsic;
  InitProcessEnabled?: boolean | Intrinsic;
  MaxSwap?: number | Intrinsic;
  SharedMemorySize?: number | Intrinsic;
  Swappiness?: number | Intrinsic;
  Tmpfs?: Array<ECSTaskDefinition_Tmpfs> | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_LogConfiguration = {
  LogDriver: string | Intrinsic;
  Options?: object | Intrinsic;
  SecretOptions?: Array<ECSTaskDefinition_Secret> | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_MountPoint = {
  ContainerPath?: string | Intrinsic;
  ReadOnly?: boolean | Intrinsic;
  SourceVolume?: string | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_PortMapping = {
  AppProtocol?: string | Intrinsic;
  ContainerPort?: number | Intrinsic;
  ContainerPortRange?: string | Intrinsic;
  HostPort?: number | Intrinsic;
  Name?: string | Intrinsic;
  Protocol?: string | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_ProxyConfiguration = {
  ContainerName: string | Intrinsic;
  ProxyConfigurationProperties?: Array<ECSTaskDefinition_KeyValuePair> | Intrinsic;
  Type?: string | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_RepositoryCredentials = {
  CredentialsParameter?: string | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_ResourceRequirement = {
  Type: string | Intrinsic;
  Value: string | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_RestartPolicy = {
  Enabled?: boolean | Intrinsic;
  IgnoredExitCodes?: Array<number | Intrinsic> | Intrinsic;
  RestartAttemptPeriod?: number | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_RuntimePlatform = {
  CpuArchitecture?: string | Intrinsic;
  OperatingSystemFamily?: string | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_S3FilesVolumeConfiguration = {
  AccessPointArn?: string | Intrinsic;
  FileSystemArn: string | Intrinsic;
  RootDirectory?: string | Intrinsic;
  TransitEncryptionPort?: number | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_Secret = {
  Name: string | Intrinsic;
  ValueFrom: string | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_SystemControl = {
  Namespace?: string | Intrinsic;
  Value?: string | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_Tag = {
  Key?: string | Intrinsic;
  Value?: string | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_TaskDefinitionPlacementConstraint = {
  Expression?: string | Intrinsic;
  Type: string | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_Tmpfs = {
  ContainerPath?: string | Intrinsic;
  MountOptions?: Array<string | Intrinsic> | Intrinsic;
  Size: number | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_Ulimit = {
  HardLimit: number | Intrinsic;
  Name: string | Intrinsic;
  SoftLimit: number | Intrinsic;
} | Intrinsic;

export type ECSTaskDefinition_Volume = {
  ConfiguredAtLaunch?: boolean | Intrinsic;
  DockerVolumeConfiguration?: ECSTaskDefinition_DockerVolumeConfiguration;
  EFSVolumeConfiguration?: ECSTaskDefinition_EFSVolumeConfiguration;
  FSxWindowsFileServerVolumeConfiguration?: ECSTaskDefinition_FSxWindowsFileServerVolumeConfiguration;
  Host?: ECSTaskDefinition_HostVolumeProperties;
  Name?: string | Intrinsic;
  S3FilesVolumeConfiguration?: ECSTaskDefinition_S3FilesVolumeConfiguration;
} | Intrinsic;

export type ECSTaskDefinition_VolumeFrom = {
  ReadOnly?: boolean | Intrinsic;
  SourceContainer?: string | Intrinsic;
} | Intrinsic;

/** AWS::Events::Rule */
export type EventsRule = {
  Description?: string | Intrinsic;
  EventBusName?: string | Intrinsic;
  EventPattern?: string | object | Intrinsic;
  Name?: string | Intrinsic;
  RoleArn?: string | Intrinsic;
  ScheduleExpression?: string | Intrinsic;
  State?: string | Intrinsic;
  Tags?: Array<EventsRule_Tag> | Intrinsic;
  Targets?: Array<EventsRule_Target> | Intrinsic;
};

export type EventsRule_AppSyncParameters = {
  GraphQLOperation: string | Intrinsic;
} | Intrinsic;

export type EventsRule_AwsVpcConfiguration = {
  AssignPublicIp?: string | Intrinsic;
  SecurityGroups?: Array<string | Intrinsic> | Intrinsic;
  Subnets: Array<string | Intrinsic> | Intrinsic;
} | Intrinsic;

export type EventsRule_BatchArrayProperties = {
  Size?: number | Intrinsic;
} | Intrinsic;

export type EventsRule_BatchParameters = {
  ArrayProperties?: EventsRule_BatchArrayProperties;
  JobDefinition: string | Intrinsic;
  JobName: string | Intrinsic;
  RetryStrategy?: EventsRule_BatchRetryStrategy;
} | Intrinsic;

export type EventsRule_BatchRetryStrategy = {
  Attempts?: number | Intrinsic;
} | Intrinsic;

export type EventsRule_CapacityProviderStrategyItem = {
  Base?: number | Intrinsic;
  CapacityProvider: string | Intrinsic;
  Weight?: number | Intrinsic;
} | Intrinsic;

export type EventsRule_DeadLetterConfig = {
  Arn?: string | Intrinsic;
} | Intrinsic;

export type EventsRule_EcsParameters = {
  CapacityProviderStrategy?: Array<EventsRule_CapacityProviderStrategyItem> | Intrinsic;
  EnableECSManagedTags?: boolean | Intrinsic;
  EnableExecuteCommand?: boolean | Intrinsic;
  Group?: string | Intrinsic;
  LaunchType?: string | Intrinsic;
  NetworkConfiguration?: EventsRule_NetworkConfiguration;
  PlacementConstraints?: Array<EventsRule_PlacementConstraint> | Intrinsic;
  PlacementStrategies?: Array<EventsRule_PlacementStrategy> | Intrinsic;
  PlatformVersion?: string | Intrinsic;
  PropagateTags?: string | Intrinsic;
  ReferenceId?: string | Intrinsic;
  TagList?: Array<EventsRule_Tag> | Intrinsic;
  TaskCount?: number | Intrinsic;
  TaskDefinitionArn: string | Intrinsic;
} | Intrinsic;

export type EventsRule_HttpParameters = {
  HeaderParameters?: object | Intrinsic;
  PathParameterValues?: Array<string | Intrinsic> | Intrinsic;
  QueryStringParameters?: object | Intrinsic;
} | Intrinsic;

export type EventsRule_InputTransformer = {
  InputPathsMap?: object | Intrinsic;
  InputTemplate: string | Intrinsic;
} | Intrinsic;

export type EventsRule_KinesisParameters = {
  PartitionKeyPath: string | Intrinsic;
} | Intrinsic;

export type EventsRule_NetworkConfiguration = {
  AwsVpcConfiguration?: EventsRule_AwsVpcConfiguration;
} | Intrinsic;

export type EventsRule_PlacementConstraint = {
  Expression?: string | Intrinsic;
  Type?: string | Intrinsic;
} | Intrinsic;

export type EventsRule_PlacementStrategy = {
  Field?: string | Intrinsic;
  Type?: string | Intrinsic;
} | Intrinsic;

export type EventsRule_RedshiftDataParameters = {
  Database: string | Intrinsic;
  DbUser?: string | Intrinsic;
  SecretManagerArn?: string | Intrinsic;
  Sql?: string | Intrinsic;
  Sqls?: Array<string | Intrinsic> | Intrinsic;
  StatementName?: string | Intrinsic;
  WithEvent?: boolean | Intrinsic;
} | Intrinsic;

export type EventsRule_RetryPolicy = {
  MaximumEventAgeInSeconds?: number | Intrinsic;
  MaximumRetryAttempts?: number | Intrinsic;
} | Intrinsic;

export type EventsRule_RunCommandParameters = {
  RunCommandTargets: Array<EventsRule_RunCommandTarget> | Intrinsic;
} | Intrinsic;

export type EventsRule_RunCommandTarget = {
  Key: string | Intrinsic;
  Values: Array<string | Intrinsic> | Intrinsic;
} | Intrinsic;

export type EventsRule_SageMakerPipelineParameter = {
  Name: string | Intrinsic;
  Value: string | Intrinsic;
} | Intrinsic;

export type EventsRule_SageMakerPipelineParameters = {
  PipelineParameterList?: Array<EventsRule_SageMakerPipelineParameter> | Intrinsic;
} | Intrinsic;

export type EventsRule_SqsParameters = {
  MessageGroupId: string | Intrinsic;
} | Intrinsic;

export type EventsRule_Tag = {
  Key?: string | Intrinsic;
  Value?: string | Intrinsic;
} | Intrinsic;

export type EventsRule_Target = {
  AppSyncParameters?: EventsRule_AppSyncParameters;
  Arn: string | Intrinsic;
  BatchParameters?: EventsRule_BatchParameters;
  DeadLetterConfig?: EventsRule_DeadLetterConfig;
  EcsParameters?: EventsRule_EcsParameters;
  HttpParameters?: EventsRule_HttpParameters;
  Id: string | Intrinsic;
  Input?: string | Intrinsic;
  InputPath?: string | Intrinsic;
  InputTransformer?: EventsRule_InputTransformer;
  KinesisParameters?: EventsRule_KinesisParameters;
  RedshiftDataParameters?: EventsRule_RedshiftDataParameters;
  RetryPolicy?: EventsRule_RetryPolicy;
  RoleArn?: string | Intrinsic;
  RunCommandParameters?: EventsRule_RunCommandParameters;
  SageMakerPipelineParameters?: EventsRule_SageMakerPipelineParameters;
  SqsParameters?: EventsRule_SqsParameters;
} | Intrinsic;

/** AWS::IAM::Role */
export type IAMRole = {
  AssumeRolePolicyDocument: object | string | Intrinsic;
  Description?: string | Intrinsic;
  ManagedPolicyArns?: Array<string | Intrinsic> | Intrinsic;
  MaxSessionDuration?: number | Intrinsic;
  Path?: string | Intrinsic;
  PermissionsBoundary?: string | Intrinsic;
  Policies?: Array<IAMRole_Policy> | Intrinsic;
  RoleName?: string | Intrinsic;
  Tags?: Array<IAMRole_Tag> | Intrinsic;
};

export type IAMRole_Policy = {
  PolicyDocument: string | object | Intrinsic;
  PolicyName: string | Intrinsic;
} | Intrinsic;

export type IAMRole_Tag = {
  Key: string | Intrinsic;
  Value: string | Intrinsic;
} | Intrinsic;

/** AWS::KMS::Key */
export type KMSKey = {
  BypassPolicyLockoutSafetyCheck?: boolean | Intrinsic;
  Description?: string | Intrinsic;
  EnableKeyRotation?: boolean | Intrinsic;
  Enabled?: boolean | Intrinsic;
  KeyPolicy?: object | string | Intrinsic;
  KeySpec?: string | Intrinsic;
  KeyUsage?: string | Intrinsic;
  MultiRegion?: boolean | Intrinsic;
  Origin?: string | Intrinsic;
  PendingWindowInDays?: number | Intrinsic;
  RotationPeriodInDays?: number | Intrinsic;
  Tags?: Array<KMSKey_Tag> | Intrinsic;
};

export type KMSKey_Tag = {
  Key: string | Intrinsic;
  Value: string | Intrinsic;
} | Intrinsic;

/** AWS::Logs::LogGroup */
export type LogsLogGroup = {
  BearerTokenAuthenticationEnabled?: boolean | Intrinsic;
  DataProtectionPolicy?: object | string | Intrinsic;
  DeletionProtectionEnabled?: boolean | Intrinsic;
  FieldIndexPolicies?: Array<object | Intrinsic> | Intrinsic;
  KmsKeyId?: string | Intrinsic;
  LogGroupClass?: string | Intrinsic;
  LogGroupName?: string | Intrinsic;
  ResourcePolicyDocument?: object | Intrinsic;
  RetentionInDays?: number | Intrinsic;
  Tags?: Array<LogsLogGroup_Tag> | Intrinsic;
};

export type LogsLogGroup_Tag = {
  Key: string | Intrinsic;
  Value: string | Intrinsic;
} | Intrinsic;

/** AWS::S3::Bucket */
export type S3Bucket = {
  AbacStatus?: string | Intrinsic;
  AccelerateConfiguration?: S3Bucket_AccelerateConfiguration;
  AccessControl?: string | Intrinsic;
  AnalyticsConfigurations?: Array<S3Bucket_AnalyticsConfiguration> | Intrinsic;
  BucketEncryption?: S3Bucket_BucketEncryption;
  BucketName?: string | Intrinsic;
  BucketNamePrefix?: string | Intrinsic;
  BucketNamespace?: string | Intrinsic;
  CorsConfiguration?: S3Bucket_CorsConfiguration;
  IntelligentTieringConfigurations?: Array<S3Bucket_IntelligentTieringConfiguration> | Intrinsic;
  InventoryConfigurations?: Array<S3Bucket_InventoryConfiguration> | Intrinsic;
  LifecycleConfiguration?: S3Bucket_LifecycleConfiguration;
  LoggingConfiguration?: S3Bucket_LoggingConfiguration;
  MetadataConfiguration?: S3Bucket_MetadataConfiguration;
  MetadataTableConfiguration?: S3Bucket_MetadataTableConfiguration;
  MetricsConfigurations?: Array<S3Bucket_MetricsConfiguration> | Intrinsic;
  NotificationConfiguration?: S3Bucket_NotificationConfiguration;
  ObjectLockConfiguration?: S3Bucket_ObjectLockConfiguration;
  ObjectLockEnabled?: boolean | Intrinsic;
  OwnershipControls?: S3Bucket_OwnershipControls;
  PublicAccessBlockConfiguration?: S3Bucket_PublicAccessBlockConfiguration;
  ReplicationConfiguration?: S3Bucket_ReplicationConfiguration;
  Tags?: Array<S3Bucket_Tag> | Intrinsic;
  VersioningConfiguration?: S3Bucket_VersioningConfiguration;
  WebsiteConfiguration?: S3Bucket_WebsiteConfiguration;
};

export type S3Bucket_AbortIncompleteMultipartUpload = {
  DaysAfterInitiation: number | Intrinsic;
} | Intrinsic;

export type S3Bucket_AccelerateConfiguration = {
  AccelerationStatus: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_AccessControlTranslation = {
  Owner: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_AnalyticsConfiguration = {
  Id: string | Intrinsic;
  Prefix?: string | Intrinsic;
  StorageClassAnalysis: S3Bucket_StorageClassAnalysis;
  TagFilters?: Array<S3Bucket_TagFilter> | Intrinsic;
} | Intrinsic;

export type S3Bucket_Arn = string | Intrinsic;

export type S3Bucket_BlockedEncryptionTypeList = Array<string | Intrinsic> | Intrinsic;

export type S3Bucket_BlockedEncryptionTypes = {
  EncryptionType?: S3Bucket_BlockedEncryptionTypeList;
} | Intrinsic;

export type S3Bucket_BucketEncryption = {
  ServerSideEncryptionConfiguration: Array<S3Bucket_ServerSideEncryptionRule> | Intrinsic;
} | Intrinsic;

export type S3Bucket_CorsConfiguration = {
  CorsRules: Array<S3Bucket_CorsRule> | Intrinsic;
} | Intrinsic;

export type S3Bucket_CorsRule = {
  AllowedHeaders?: Array<string | Intrinsic> | Intrinsic;
  AllowedMethods: Array<string | Intrinsic> | Intrinsic;
  AllowedOrigins: Array<string | Intrinsic> | Intrinsic;
  ExposedHeaders?: Array<string | Intrinsic> | Intrinsic;
  Id?: string | Intrinsic;
  MaxAge?: number | Intrinsic;
} | Intrinsic;

export type S3Bucket_DataExport = {
  Destination: S3Bucket_Destination;
  OutputSchemaVersion: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_DefaultRetention = {
  Days?: number | Intrinsic;
  Mode?: string | Intrinsic;
  Years?: number | Intrinsic;
} | Intrinsic;

export type S3Bucket_DeleteMarkerReplication = {
  Status?: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_Destination = {
  BucketAccountId?: string | Intrinsic;
  BucketArn: string | Intrinsic;
  Format: string | Intrinsic;
  Prefix?: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_EncryptionConfiguration = {
  ReplicaKmsKeyID: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_EventBridgeConfiguration = {
  EventBridgeEnabled: boolean | Intrinsic;
} | Intrinsic;

export type S3Bucket_FilterRule = {
  Name: string | Intrinsic;
  Value: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_IntelligentTieringConfiguration = {
  Id: string | Intrinsic;
  Prefix?: string | Intrinsic;
  Status: string | Intrinsic;
  TagFilters?: Array<S3Bucket_TagFilter> | Intrinsic;
  Tierings: Array<S3Bucket_Tiering> | Intrinsic;
} | Intrinsic;

export type S3Bucket_InventoryConfiguration = {
  Destination: S3Bucket_Destination;
  Enabled: boolean | Intrinsic;
  Id: string | Intrinsic;
  IncludedObjectVersions: string | Intrinsic;
  OptionalFields?: Array<string | Intrinsic> | Intrinsic;
  Prefix?: string | Intrinsic;
  ScheduleFrequency: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_InventoryTableConfiguration = {
  ConfigurationState: string | Intrinsic;
  EncryptionConfiguration?: S3Bucket_MetadataTableEncryptionConfiguration;
  TableArn?: string | Intrinsic;
  TableName?: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_iso8601UTC = string | Intrinsic;

export type S3Bucket_JournalTableConfiguration = {
  EncryptionConfiguration?: S3Bucket_MetadataTableEncryptionConfiguration;
  RecordExpiration: S3Bucket_RecordExpiration;
  TableArn?: string | Intrinsic;
  TableName?: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_LambdaConfiguration = {
  Event: string | Intrinsic;
  Filter?: S3Bucket_NotificationFilter;
  Function: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_LifecycleConfiguration = {
  Rules: Array<S3Bucket_Rule> | Intrinsic;
  TransitionDefaultMinimumObjectSize?: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_LoggingConfiguration = {
  DestinationBucketName?: string | Intrinsic;
  LogFilePrefix?: string | Intrinsic;
  TargetObjectKeyFormat?: S3Bucket_TargetObjectKeyFormat;
} | Intrinsic;

export type S3Bucket_MetadataConfiguration = {
  Destination?: S3Bucket_MetadataDestination;
  InventoryTableConfiguration?: S3Bucket_InventoryTableConfiguration;
  JournalTableConfiguration: S3Bucket_JournalTableConfiguration;
} | Intrinsic;

export type S3Bucket_MetadataDestination = {
  TableBucketArn?: string | Intrinsic;
  TableBucketType: string | Intrinsic;
  TableNamespace?: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_MetadataTableConfiguration = {
  S3TablesDestination: S3Bucket_S3TablesDestination;
} | Intrinsic;

export type S3Bucket_MetadataTableEncryptionConfiguration = {
  KmsKeyArn?: string | Intrinsic;
  SseAlgorithm: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_Metrics = {
  EventThreshold?: S3Bucket_ReplicationTimeValue;
  Status: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_MetricsConfiguration = {
  AccessPointArn?: string | Intrinsic;
  Id: string | Intrinsic;
  Prefix?: string | Intrinsic;
  TagFilters?: Array<S3Bucket_TagFilter> | Intrinsic;
} | Intrinsic;

export type S3Bucket_NoncurrentVersionExpiration = {
  NewerNoncurrentVersions?: number | Intrinsic;
  NoncurrentDays: number | Intrinsic;
} | Intrinsic;

export type S3Bucket_NoncurrentVersionTransition = {
  NewerNoncurrentVersions?: number | Intrinsic;
  StorageClass: string | Intrinsic;
  TransitionInDays: number | Intrinsic;
} | Intrinsic;

export type S3Bucket_NotificationConfiguration = {
  EventBridgeConfiguration?: S3Bucket_EventBridgeConfiguration;
  LambdaConfigurations?: Array<S3Bucket_LambdaConfiguration> | Intrinsic;
  QueueConfigurations?: Array<S3Bucket_QueueConfiguration> | Intrinsic;
  TopicConfigurations?: Array<S3Bucket_TopicConfiguration> | Intrinsic;
} | Intrinsic;

export type S3Bucket_NotificationFilter = {
  S3Key: S3Bucket_S3KeyFilter;
} | Intrinsic;

export type S3Bucket_ObjectLockConfiguration = {
  ObjectLockEnabled?: string | Intrinsic;
  Rule?: S3Bucket_ObjectLockRule;
} | Intrinsic;

export type S3Bucket_ObjectLockRule = {
  DefaultRetention?: S3Bucket_DefaultRetention;
} | Intrinsic;

export type S3Bucket_OwnershipControls = {
  Rules: Array<S3Bucket_OwnershipControlsRule> | Intrinsic;
} | Intrinsic;

export type S3Bucket_OwnershipControlsRule = {
  ObjectOwnership?: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_PartitionedPrefix = {
  PartitionDateSource?: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_PublicAccessBlockConfiguration = {
  BlockPublicAcls?: boolean | Intrinsic;
  BlockPublicPolicy?: boolean | Intrinsic;
  IgnorePublicAcls?: boolean | Intrinsic;
  RestrictPublicBuckets?: boolean | Intrinsic;
} | Intrinsic;

export type S3Bucket_QueueConfiguration = {
  Event: string | Intrinsic;
  Filter?: S3Bucket_NotificationFilter;
  Queue: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_RecordExpiration = {
  Days?: number | Intrinsic;
  Expiration: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_RedirectAllRequestsTo = {
  HostName: string | Intrinsic;
  Protocol?: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_RedirectRule = {
  HostName?: string | Intrinsic;
  HttpRedirectCode?: string | Intrinsic;
  Protocol?: string | Intrinsic;
  ReplaceKeyPrefixWith?: string | Intrinsic;
  ReplaceKeyWith?: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_ReplicaModifications = {
  Status: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_ReplicationConfiguration = {
  Role: string | Intrinsic;
  Rules: Array<S3Bucket_ReplicationRule> | Intrinsic;
} | Intrinsic;

export type S3Bucket_ReplicationDestination = {
  AccessControlTranslation?: S3Bucket_AccessControlTranslation;
  Account?: string | Intrinsic;
  Bucket: string | Intrinsic;
  EncryptionConfiguration?: S3Bucket_EncryptionConfiguration;
  Metrics?: S3Bucket_Metrics;
  ReplicationTime?: S3Bucket_ReplicationTime;
  StorageClass?: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_ReplicationRule = {
  DeleteMarkerReplication?: S3Bucket_DeleteMarkerReplication;
  Destination: S3Bucket_ReplicationDestination;
  Filter?: S3Bucket_ReplicationRuleFilter;
  Id?: string | Intrinsic;
  Prefix?: string | Intrinsic;
  Priority?: number | Intrinsic;
  SourceSelectionCriteria?: S3Bucket_SourceSelectionCriteria;
  Status: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_ReplicationRuleAndOperator = {
  Prefix?: string | Intrinsic;
  TagFilters?: Array<S3Bucket_TagFilter> | Intrinsic;
} | Intrinsic;

export type S3Bucket_ReplicationRuleFilter = {
  And?: S3Bucket_ReplicationRuleAndOperator;
  Prefix?: string | Intrinsic;
  TagFilter?: S3Bucket_TagFilter;
} | Intrinsic;

export type S3Bucket_ReplicationTime = {
  Status: string | Intrinsic;
  Time: S3Bucket_ReplicationTimeValue;
} | Intrinsic;

export type S3Bucket_ReplicationTimeValue = {
  Minutes: number | Intrinsic;
} | Intrinsic;

export type S3Bucket_RoutingRule = {
  RedirectRule: S3Bucket_RedirectRule;
  RoutingRuleCondition?: S3Bucket_RoutingRuleCondition;
} | Intrinsic;

export type S3Bucket_RoutingRuleCondition = {
  HttpErrorCodeReturnedEquals?: string | Intrinsic;
  KeyPrefixEquals?: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_Rule = {
  AbortIncompleteMultipartUpload?: S3Bucket_AbortIncompleteMultipartUpload;
  ExpirationDate?: S3Bucket_iso8601UTC;
  ExpirationInDays?: number | Intrinsic;
  ExpiredObjectDeleteMarker?: boolean | Intrinsic;
  Id?: string | Intrinsic;
  NoncurrentVersionExpiration?: S3Bucket_NoncurrentVersionExpiration;
  NoncurrentVersionExpirationInDays?: number | Intrinsic;
  NoncurrentVersionTransition?: S3Bucket_NoncurrentVersionTransition;
  NoncurrentVersionTransitions?: Array<S3Bucket_NoncurrentVersionTransition> | Intrinsic;
  ObjectSizeGreaterThan?: string | Intrinsic;
  ObjectSizeLessThan?: string | Intrinsic;
  Prefix?: string | Intrinsic;
  Status: string | Intrinsic;
  TagFilters?: Array<S3Bucket_TagFilter> | Intrinsic;
  Transition?: S3Bucket_Transition;
  Transitions?: Array<S3Bucket_Transition> | Intrinsic;
} | Intrinsic;

export type S3Bucket_S3KeyFilter = {
  Rules: Array<S3Bucket_FilterRule> | Intrinsic;
} | Intrinsic;

export type S3Bucket_S3TablesDestination = {
  TableArn?: string | Intrinsic;
  TableBucketArn: string | Intrinsic;
  TableName: string | Intrinsic;
  TableNamespace?: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_ServerSideEncryptionByDefault = {
  KMSMasterKeyID?: string | Intrinsic;
  SSEAlgorithm: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_ServerSideEncryptionRule = {
  BlockedEncryptionTypes?: S3Bucket_BlockedEncryptionTypes;
  BucketKeyEnabled?: boolean | Intrinsic;
  ServerSideEncryptionByDefault?: S3Bucket_ServerSideEncryptionByDefault;
} | Intrinsic;

export type S3Bucket_SourceSelectionCriteria = {
  ReplicaModifications?: S3Bucket_ReplicaModifications;
  SseKmsEncryptedObjects?: S3Bucket_SseKmsEncryptedObjects;
} | Intrinsic;

export type S3Bucket_SseKmsEncryptedObjects = {
  Status: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_StorageClassAnalysis = {
  DataExport?: S3Bucket_DataExport;
} | Intrinsic;

export type S3Bucket_Tag = {
  Key: string | Intrinsic;
  Value: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_TagFilter = {
  Key: string | Intrinsic;
  Value: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_TargetObjectKeyFormat = object | Intrinsic;

export type S3Bucket_Tiering = {
  AccessTier: string | Intrinsic;
  Days: number | Intrinsic;
} | Intrinsic;

export type S3Bucket_TopicConfiguration = {
  Event: string | Intrinsic;
  Filter?: S3Bucket_NotificationFilter;
  Topic: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_Transition = {
  StorageClass: string | Intrinsic;
  TransitionDate?: S3Bucket_iso8601UTC;
  TransitionInDays?: number | Intrinsic;
} | Intrinsic;

export type S3Bucket_VersioningConfiguration = {
  Status: string | Intrinsic;
} | Intrinsic;

export type S3Bucket_WebsiteConfiguration = {
  ErrorDocument?: string | Intrinsic;
  IndexDocument?: string | Intrinsic;
  RedirectAllRequestsTo?: S3Bucket_RedirectAllRequestsTo;
  RoutingRules?: Array<S3Bucket_RoutingRule> | Intrinsic;
} | Intrinsic;

/** AWS::S3::BucketPolicy */
export type S3BucketPolicy = {
  Bucket: string | Intrinsic;
  PolicyDocument: object | string | Intrinsic;
};

/** AWS::SNS::Subscription */
export type SNSSubscription = {
  DeliveryPolicy?: object | string | Intrinsic;
  Endpoint?: string | Intrinsic;
  FilterPolicy?: object | string | Intrinsic;
  FilterPolicyScope?: string | Intrinsic;
  Protocol: string | Intrinsic;
  RawMessageDelivery?: boolean | Intrinsic;
  RedrivePolicy?: object | string | Intrinsic;
  Region?: string | Intrinsic;
  ReplayPolicy?: object | string | Intrinsic;
  SubscriptionRoleArn?: string | Intrinsic;
  TopicArn: string | Intrinsic;
};

/** AWS::SNS::Topic */
export type SNSTopic = {
  ArchivePolicy?: object | string | Intrinsic;
  ContentBasedDeduplication?: boolean | Intrinsic;
  DataProtectionPolicy?: object | string | Intrinsic;
  DeliveryStatusLogging?: Array<SNSTopic_LoggingConfig> | Intrinsic;
  DisplayName?: string | Intrinsic;
  FifoThroughputScope?: string | Intrinsic;
  FifoTopic?: boolean | Intrinsic;
  KmsMasterKeyId?: string | Intrinsic;
  SignatureVersion?: string | Intrinsic;
  Subscription?: Array<SNSTopic_Subscription> | Intrinsic;
  Tags?: Array<SNSTopic_Tag> | Intrinsic;
  TopicName?: string | Intrinsic;
  TracingConfig?: string | Intrinsic;
};

export type SNSTopic_LoggingConfig = {
  FailureFeedbackRoleArn?: string | Intrinsic;
  Protocol: string | Intrinsic;
  SuccessFeedbackRoleArn?: string | Intrinsic;
  SuccessFeedbackSampleRate?: string | Intrinsic;
} | Intrinsic;

export type SNSTopic_Subscription = {
  Endpoint: string | Intrinsic;
  Protocol: string | Intrinsic;
} | Intrinsic;

export type SNSTopic_Tag = {
  Key: string | Intrinsic;
  Value: string | Intrinsic;
} | Intrinsic;

/** AWS::SNS::TopicPolicy */
export type SNSTopicPolicy = {
  PolicyDocument: object | string | Intrinsic;
  Topics: Array<string | Intrinsic> | Intrinsic;
};

/** AWS::SQS::Queue */
export type SQSQueue = {
  ContentBasedDeduplication?: boolean | Intrinsic;
  DeduplicationScope?: string | Intrinsic;
  DelaySeconds?: number | Intrinsic;
  FifoQueue?: boolean | Intrinsic;
  FifoThroughputLimit?: string | Intrinsic;
  KmsDataKeyReusePeriodSeconds?: number | Intrinsic;
  KmsMasterKeyId?: string | Intrinsic;
  MaximumMessageSize?: number | Intrinsic;
  MessageRetentionPeriod?: number | Intrinsic;
  QueueName?: string | Intrinsic;
  ReceiveMessageWaitTimeSeconds?: number | Intrinsic;
  RedriveAllowPolicy?: object | string | Intrinsic;
  RedrivePolicy?: {
    deadLetterTargetArn?: string | Intrinsic;
    maxReceiveCount?: number | Intrinsic;
  } | string | Intrinsic;
  SqsManagedSseEnabled?: boolean | Intrinsic;
  Tags?: Array<SQSQueue_Tag> | Intrinsic;
  VisibilityTimeout?: number | Intrinsic;
};

export type SQSQueue_Tag = {
  Key: string | Intrinsic;
  Value: string | Intrinsic;
} | Intrinsic;

/** AWS::SQS::QueuePolicy */
export type SQSQueuePolicy = {
  PolicyDocument: object | string | Intrinsic;
  Queues: Array<string | Intrinsic> | Intrinsic;
};

/** AWS::Scheduler::Schedule */
export type SchedulerSchedule = {
  Description?: string | Intrinsic;
  EndDate?: string | Intrinsic;
  FlexibleTimeWindow: SchedulerSchedule_FlexibleTimeWindow;
  GroupName?: string | Intrinsic;
  KmsKeyArn?: string | Intrinsic;
  Name?: string | Intrinsic;
  ScheduleExpression: string | Intrinsic;
  ScheduleExpressionTimezone?: string | Intrinsic;
  StartDate?: string | Intrinsic;
  State?: SchedulerSchedule_ScheduleState;
  Target: SchedulerSchedule_Target;
};

export type SchedulerSchedule_AssignPublicIp = string | Intrinsic;

export type SchedulerSchedule_AwsVpcConfiguration = {
  AssignPublicIp?: SchedulerSchedule_AssignPublicIp;
  SecurityGroups?: Array<string | Intrinsic> | Intrinsic;
  Subnets: Array<string | Intrinsic> | Intrinsic;
} | Intrinsic;

export type SchedulerSchedule_CapacityProviderStrategyItem = {
  Base?: number | Intrinsic;
  CapacityProvider: string | Intrinsic;
  Weight?: number | Intrinsic;
} | Intrinsic;

export type SchedulerSchedule_DeadLetterConfig = {
  Arn?: string | Intrinsic;
} | Intrinsic;

export type SchedulerSchedule_EcsParameters = {
  CapacityProviderStrategy?: Array<SchedulerSchedule_CapacityProviderStrategyItem> | Intrinsic;
  EnableECSManagedTags?: boolean | Intrinsic;
  EnableExecuteCommand?: boolean | Intrinsic;
  Group?: string | Intrinsic;
  LaunchType?: SchedulerSchedule_LaunchType;
  NetworkConfiguration?: SchedulerSchedule_NetworkConfiguration;
  PlacementConstraints?: Array<SchedulerSchedule_PlacementConstraint> | Intrinsic;
  PlacementStrategy?: Array<SchedulerSchedule_PlacementStrategy> | Intrinsic;
  PlatformVersion?: string | Intrinsic;
  PropagateTags?: SchedulerSchedule_PropagateTags;
  ReferenceId?: string | Intrinsic;
  Tags?: Array<SchedulerSchedule_TagMap> | Intrinsic;
  TaskCount?: number | Intrinsic;
  TaskDefinitionArn: string | Intrinsic;
} | Intrinsic;

export type SchedulerSchedule_EventBridgeParameters = {
  DetailType: string | Intrinsic;
  Source: string | Intrinsic;
} | Intrinsic;

export type SchedulerSchedule_FlexibleTimeWindow = {
  MaximumWindowInMinutes?: number | Intrinsic;
  Mode: SchedulerSchedule_FlexibleTimeWindowMode;
} | Intrinsic;

export type SchedulerSchedule_FlexibleTimeWindowMode = string | Intrinsic;

export type SchedulerSchedule_KinesisParameters = {
  PartitionKey: string | Intrinsic;
} | Intrinsic;

export type SchedulerSchedule_LaunchType = string | Intrinsic;

export type SchedulerSchedule_NetworkConfiguration = {
  AwsvpcConfiguration?: SchedulerSchedule_AwsVpcConfiguration;
} | Intrinsic;

export type SchedulerSchedule_PlacementConstraint = {
  Expression?: string | Intrinsic;
  Type?: SchedulerSchedule_PlacementConstraintType;
} | Intrinsic;

export type SchedulerSchedule_PlacementConstraintType = string | Intrinsic;

export type SchedulerSchedule_PlacementStrategy = {
  Field?: string | Intrinsic;
  Type?: SchedulerSchedule_PlacementStrategyType;
} | Intrinsic;

export type SchedulerSchedule_PlacementStrategyType = string | Intrinsic;

export type SchedulerSchedule_PropagateTags = string | Intrinsic;

export type SchedulerSchedule_RetryPolicy = {
  MaximumEventAgeInSeconds?: number | Intrinsic;
  MaximumRetryAttempts?: number | Intrinsic;
} | Intrinsic;

export type SchedulerSchedule_SageMakerPipelineParameter = {
  Name: string | Intrinsic;
  Value: string | Intrinsic;
} | Intrinsic;

export type SchedulerSchedule_SageMakerPipelineParameters = {
  PipelineParameterList?: Array<SchedulerSchedule_SageMakerPipelineParameter> | Intrinsic;
} | Intrinsic;

export type SchedulerSchedule_ScheduleState = string | Intrinsic;

export type SchedulerSchedule_SqsParameters = {
  MessageGroupId?: string | Intrinsic;
} | Intrinsic;

export type SchedulerSchedule_TagMap = object | Intrinsic;

export type SchedulerSchedule_Target = {
  Arn: string | Intrinsic;
  DeadLetterConfig?: SchedulerSchedule_DeadLetterConfig;
  EcsParameters?: SchedulerSchedule_EcsParameters;
  EventBridgeParameters?: SchedulerSchedule_EventBridgeParameters;
  Input?: string | Intrinsic;
  KinesisParameters?: SchedulerSchedule_KinesisParameters;
  RetryPolicy?: SchedulerSchedule_RetryPolicy;
  RoleArn: string | Intrinsic;
  SageMakerPipelineParameters?: SchedulerSchedule_SageMakerPipelineParameters;
  SqsParameters?: SchedulerSchedule_SqsParameters;
} | Intrinsic;

/** AWS::Scheduler::ScheduleGroup */
export type SchedulerScheduleGroup = {
  Name?: string | Intrinsic;
  Tags?: Array<SchedulerScheduleGroup_Tag> | Intrinsic;
};

export type SchedulerScheduleGroup_ScheduleGroupState = string | Intrinsic;

export type SchedulerScheduleGroup_Tag = {
  Key: string | Intrinsic;
  Value: string | Intrinsic;
} | Intrinsic;

/** AWS::StepFunctions::StateMachine */
export type StepFunctionsStateMachine = {
  Definition?: StepFunctionsStateMachine_Definition;
  DefinitionS3Location?: StepFunctionsStateMachine_S3Location;
  DefinitionString?: string | Intrinsic;
  DefinitionSubstitutions?: StepFunctionsStateMachine_DefinitionSubstitutions;
  EncryptionConfiguration?: StepFunctionsStateMachine_EncryptionConfiguration;
  LoggingConfiguration?: StepFunctionsStateMachine_LoggingConfiguration;
  RoleArn: string | Intrinsic;
  StateMachineName?: string | Intrinsic;
  StateMachineType?: string | Intrinsic;
  Tags?: Array<StepFunctionsStateMachine_TagsEntry> | Intrinsic;
  TracingConfiguration?: StepFunctionsStateMachine_TracingConfiguration;
};

export type StepFunctionsStateMachine_CloudWatchLogsLogGroup = {
  LogGroupArn?: string | Intrinsic;
} | Intrinsic;

export type StepFunctionsStateMachine_Definition = object | Intrinsic;

export type StepFunctionsStateMachine_DefinitionSubstitutions = object | Intrinsic;

export type StepFunctionsStateMachine_EncryptionConfiguration = {
  KmsDataKeyReusePeriodSeconds?: number | Intrinsic;
  KmsKeyId?: string | Intrinsic;
  Type: string | Intrinsic;
} | Intrinsic;

export type StepFunctionsStateMachine_LogDestination = {
  CloudWatchLogsLogGroup?: StepFunctionsStateMachine_CloudWatchLogsLogGroup;
} | Intrinsic;

export type StepFunctionsStateMachine_LoggingConfiguration = {
  Destinations?: Array<StepFunctionsStateMachine_LogDestination> | Intrinsic;
  IncludeExecutionData?: boolean | Intrinsic;
  Level?: string | Intrinsic;
} | Intrinsic;

export type StepFunctionsStateMachine_S3Location = {
  Bucket: string | Intrinsic;
  Key: string | Intrinsic;
  Version?: string | Intrinsic;
} | Intrinsic;

export type StepFunctionsStateMachine_TagsEntry = {
  Key: string | Intrinsic;
  Value: string | Intrinsic;
} | Intrinsic;

export type StepFunctionsStateMachine_TracingConfiguration = {
  Enabled?: boolean | Intrinsic;
} | Intrinsic;

/** Properties of each resource type ecs-arch emits. */
export interface ResourceProperties {
  "AWS::ApplicationAutoScaling::ScalableTarget": ApplicationAutoScalingScalableTarget;
  "AWS::ApplicationAutoScaling::ScalingPolicy": ApplicationAutoScalingScalingPolicy;
  "AWS::CloudFormation::Stack": CloudFormationStack;
  "AWS::CloudWatch::Alarm": CloudWatchAlarm;
  "AWS::DynamoDB::Table": DynamoDBTable;
  "AWS::EC2::SecurityGroup": EC2SecurityGroup;
  "AWS::ECS::Cluster": ECSCluster;
  "AWS::ECS::Service": ECSService;
  "AWS::ECS::TaskDefinition": ECSTaskDefinition;
  "AWS::Events::Rule": EventsRule;
  "AWS::IAM::Role": IAMRole;
  "AWS::KMS::Key": KMSKey;
  "AWS::Logs::LogGroup": LogsLogGroup;
  "AWS::S3::Bucket": S3Bucket;
  "AWS::S3::BucketPolicy": S3BucketPolicy;
  "AWS::SNS::Subscription": SNSSubscription;
  "AWS::SNS::Topic": SNSTopic;
  "AWS::SNS::TopicPolicy": SNSTopicPolicy;
  "AWS::SQS::Queue": SQSQueue;
  "AWS::SQS::QueuePolicy": SQSQueuePolicy;
  "AWS::Scheduler::Schedule": SchedulerSchedule;
  "AWS::Scheduler::ScheduleGroup": SchedulerScheduleGroup;
  "AWS::StepFunctions::StateMachine": StepFunctionsStateMachine;
}

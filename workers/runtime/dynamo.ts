import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Writes `item` only if no item with its key exists yet. Redelivered events and messages
 * call this again with the same key: the first write wins and nothing is duplicated or
 * overwritten.
 */
export async function putOnce(
  documents: DynamoDBDocumentClient,
  table: string,
  item: Record<string, unknown>,
  partitionKey: string,
): Promise<'created' | 'exists'> {
  try {
    await documents.send(
      new PutCommand({
        TableName: table,
        Item: item,
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': partitionKey },
      }),
    );
    return 'created';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'exists';
    throw error;
  }
}

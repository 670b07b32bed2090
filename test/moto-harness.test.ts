import { afterAll, beforeAll, expect } from '@jest/globals';
import { ListBucketsCommand, CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { startMoto, type Moto } from './support/moto.js';
import { testWithTool } from './support/tools.js';

let moto: Moto | null = null;
beforeAll(async () => {
  moto = await startMoto();
});
afterAll(async () => {
  await moto?.stop();
});

testWithTool('moto_server')('moto answers the real S3 client on loopback', async () => {
  const s3 = new S3Client({ ...moto!.clientConfig, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'probe' }));
  const listed = await s3.send(new ListBucketsCommand({}));
  expect(listed.Buckets?.map((b) => b.Name)).toEqual(['probe']);
});

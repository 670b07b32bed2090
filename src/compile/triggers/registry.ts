// Every trigger kind; adding one is a module in this folder and one line here.
import type { TriggerModule } from '../contribution.js';
import { alerts } from './alerts.js';
import { s3 } from './s3.js';
import { schedule } from './schedule.js';
import { sqs } from './sqs.js';

export const TRIGGERS: Readonly<Record<string, TriggerModule>> = { s3, schedule, sqs, alerts };

// An HTTP proxy on 127.0.0.1 in front of moto that the real AWS SDK talks to. Rules can
// answer chosen calls with CloudFormation's real XML errors and states or the JSON errors of
// SQS and DynamoDB, rewrite or replace moto's answers, delay a call, or run a side effect
// first; every call is counted per Action.
// Behaviour spec: fault-proxy.md (next to this file).
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';

export interface ProxyRequest {
  /**
   * CloudFormation's Action (query protocol); for the AWS JSON protocol (SQS, DynamoDB) the
   * operation from X-Amz-Target (`ReceiveMessage`, `PutItem`); else "S3:<METHOD>".
   */
  action: string;
  params: URLSearchParams;
  /** The request body of an AWS JSON protocol call. */
  json?: Record<string, unknown>;
  method: string;
  path: string;
}

export interface Reply {
  status: number;
  body: string;
  /** Default text/xml. */
  contentType?: string;
}

export interface Rule {
  action: string;
  /** Applies to this many matching calls, then retires (default: every call). */
  times?: number;
  when?(request: ProxyRequest): boolean;
  /** Answer without asking moto. */
  reply?(request: ProxyRequest): Reply;
  /** Ask moto, then change its answer's body. */
  rewrite?(body: string, request: ProxyRequest): string;
  /** Ask moto (so its state changes), then answer with this instead, e.g. an error for a lost answer. */
  replace?(answer: Reply, request: ProxyRequest): Reply;
  /** Wait this long before answering or forwarding (a slow call). */
  delayMs?: number;
  /** Run before forwarding (e.g. abort the command under test). */
  before?(request: ProxyRequest): void;
}

export interface FaultProxy {
  endpoint: string;
  /** Calls seen per action (including answered and failed ones), since the last clear(). */
  calls(): Record<string, number>;
  count(action: string): number;
  add(rule: Rule): void;
  /** Removes every rule and zeroes the counters. */
  clear(): void;
  stop(): Promise<void>;
}

const NS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** CloudFormation's query-protocol error, e.g. cfnError('Throttling', 'Rate exceeded'). */
export function cfnError(code: string, message: string, status = 400): Reply {
  return {
    status,
    body: `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  };
}

const AWS_JSON = 'application/x-amz-json-1.0';

/** An AWS JSON protocol error (SQS, DynamoDB), e.g. awsJsonError('com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', '…'). */
export function awsJsonError(type: string, message: string, status = 400): Reply {
  return { status, contentType: AWS_JSON, body: JSON.stringify({ __type: type, message }) };
}

/** A successful AWS JSON protocol answer. */
export function awsJsonResponse(body: unknown): Reply {
  return { status: 200, contentType: AWS_JSON, body: JSON.stringify(body) };
}

/** A successful query-protocol answer: <XResponse><XResult>…</XResult><ResponseMetadata/></XResponse>. */
export function cfnResponse(action: string, resultXml: string): Reply {
  return {
    status: 200,
    body: `<${action}Response xmlns="${NS}"><${action}Result>${resultXml}</${action}Result><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`,
  };
}

/** Rewrites every <StackStatus> in a DescribeStacks answer. */
export function withStackStatus(status: string) {
  return (body: string) => body.replace(/<StackStatus>[^<]*<\/StackStatus>/g, `<StackStatus>${status}</StackStatus>`);
}

/** Puts an <Outputs> block into a DescribeStacks answer (moto leaves it out for stacks made by change sets). */
export function withOutputs(outputs: Record<string, string>) {
  const members = Object.entries(outputs)
    .map(([key, value]) => `<member><OutputKey>${xmlEscape(key)}</OutputKey><OutputValue>${xmlEscape(value)}</OutputValue></member>`)
    .join('');
  return (body: string) => body.replace(/<Outputs>.*?<\/Outputs>|<Outputs\/>/s, '').replace(/<\/StackStatus>/g, `</StackStatus><Outputs>${members}</Outputs>`);
}

export interface FakeEvent {
  logicalId: string;
  resourceType: string;
  status: string;
  reason?: string;
  physicalId?: string;
}

/**
 * A DescribeStackEvents answer (newest first, like CloudFormation) for the given events,
 * oldest first in `events`, for the stack the request names (by ARN, as deploy asks, or by
 * name). Ids and timestamps are fixed at the first call, so repeated polls see the same events.
 */
export function stackEventsReply(events: FakeEvent[]): (request: ProxyRequest) => Reply {
  let stamped: (FakeEvent & { id: string; time: string })[] | undefined;
  return (request) => {
    const asked = request.params.get('StackName') ?? '';
    const stack = { id: asked, name: /^arn:[^:]+:cloudformation:[^:]*:[^:]*:stack\/([^/]+)\//.exec(asked)?.[1] ?? asked };
    const start = Date.now();
    stamped ??= events.map((e, i) => ({ ...e, id: randomUUID(), time: new Date(start + i).toISOString() }));
    const members = [...stamped]
      .reverse()
      .map(
        (e) =>
          `<member><StackId>${stack.id}</StackId><EventId>${e.id}</EventId><StackName>${stack.name}</StackName>` +
          `<LogicalResourceId>${e.logicalId}</LogicalResourceId><PhysicalResourceId>${xmlEscape(e.physicalId ?? (e.logicalId === stack.name ? stack.id : ''))}</PhysicalResourceId>` +
          `<ResourceType>${e.resourceType}</ResourceType><Timestamp>${e.time}</Timestamp><ResourceStatus>${e.status}</ResourceStatus>` +
          (e.reason ? `<ResourceStatusReason>${xmlEscape(e.reason)}</ResourceStatusReason>` : '') +
          '</member>',
      )
      .join('');
    return cfnResponse('DescribeStackEvents', `<StackEvents>${members}</StackEvents>`);
  };
}

function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function describe(req: IncomingMessage, body: Buffer): ProxyRequest {
  const path = req.url ?? '/';
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') {
    const json = body.length > 0 ? (JSON.parse(body.toString()) as Record<string, unknown>) : {};
    return { action: target.slice(target.lastIndexOf('.') + 1), params: new URLSearchParams(), json, method: req.method ?? 'POST', path };
  }
  const isForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  const params = isForm ? new URLSearchParams(body.toString()) : new URLSearchParams();
  const action = params.get('Action') ?? `S3:${req.method}`;
  return { action, params, method: req.method ?? 'GET', path };
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  let rules: (Rule & { used: number })[] = [];
  let counts: Record<string, number> = {};

  const forward = (req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const out = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        async (res) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: await readBody(res) }),
      );
      out.on('error', reject);
      out.end(body);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const request = describe(req, body);
    counts[request.action] = (counts[request.action] ?? 0) + 1;
    const rule = rules.find((r) => r.action === request.action && (r.times === undefined || r.used < r.times) && (!r.when || r.when(request)));
    if (rule) rule.used++;
    rule?.before?.(request);
    if (rule?.delayMs) await new Promise((resolve) => setTimeout(resolve, rule.delayMs));
    const send = (reply: Reply) => {
      res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'text/xml', 'content-length': Buffer.byteLength(reply.body) });
      res.end(reply.body);
    };
    if (rule?.reply) {
      send(rule.reply(request));
      return;
    }
    const answer = await forward(req, body);
    if (rule?.replace) {
      send(rule.replace({ status: answer.status, body: answer.body.toString(), contentType: String(answer.headers['content-type'] ?? '') }, request));
      return;
    }
    const text = rule?.rewrite ? Buffer.from(rule.rewrite(answer.body.toString(), request)) : answer.body;
    // A HEAD answer has no body but the length of the one GET would return (HeadObject's size).
    const headers: Record<string, string | string[] | undefined> = { ...answer.headers, ...(req.method === 'HEAD' ? {} : { 'content-length': String(text.length) }) };
    delete headers['transfer-encoding'];
    res.writeHead(answer.status, headers);
    res.end(text);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(502);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls: () => ({ ...counts }),
    count: (action) => counts[action] ?? 0,
    add: (rule) => rules.push({ ...rule, used: 0 }),
    clear() {
      rules = [];
      counts = {};
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

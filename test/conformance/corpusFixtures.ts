/**
 * Per-file inputs and canned task results for the ASL corpus test. Each Task state returns the
 * value under its state name (a function receives the evaluated Parameters/Arguments); any other
 * Task returns `{ StatusCode: 200, Payload: {} }` for `lambda:invoke` and `{}` otherwise.
 */
export interface CorpusFixture {
  readonly input?: unknown;
  readonly results?: Readonly<Record<string, unknown>>;
}

const lambda = (payload: unknown) => ({ StatusCode: 200, Payload: payload });
const CHECKOUT = { CartId: 'c-1', Email: 'a@example.com', Address: '1 Main St', Banana: 1, Lemon: 2, Orange: 3, total_cost: 10 };

export const CORPUS_FIXTURES: Readonly<Record<string, CorpusFixture>> = {
  'account-vending-sdk-organizations.asl.json': {
    input: { OU: 'Workloads', AccountName: 'dev', AccountEmail: 'dev@example.com', StackName: 's', TemplateBody: '{}' },
    results: {
      'Get Organization Root': { Roots: [{ Id: 'r-1' }] },
      'List Organizational Units': { OrganizationalUnits: [{ Name: 'Workloads', Id: 'ou-1' }, { Name: 'Other', Id: 'ou-2' }] },
      'Create New Account': { CreateAccountStatus: { Id: 'car-1', State: 'IN_PROGRESS' } },
      'New Account Status': { CreateAccountStatus: { Id: 'car-1', State: 'SUCCEEDED', AccountId: '111122223333' } },
      'Create New Organizational Unit': { OrganizationalUnit: { Id: 'ou-1' } },
    },
  },
  'athena-query-pagination-map.asl.json': {
    results: {
      'Start Athena Query': { QueryExecution: { QueryExecutionId: 'q-1' } },
      'Get Query Results': { ResultSet: { Rows: [{ Data: ['header'] }, { Data: ['a'] }, { Data: ['b'] }] } },
    },
  },
  'bedrock-categorize-choice-sqs.asl.json': {
    input: { text: 'I was charged twice' },
    results: { InvokeModel: { Body: { content: [{ text: 'BILLING' }] } } },
  },
  'async-api-callback-placeholder-resources.asl.json': {
    input: { orderId: 'o-1' },
    results: { 'Invoke Async API & Wait For CallBack': { status: 'SUCCESS' } },
  },
  'bedrock-invokemodel-states-format.asl.json': { input: { prompt: 'Summarize this', modelID: 'anthropic.claude-v2' } },
  'checkout-apigw-callback.asl.json': {
    input: CHECKOUT,
    results: {
      // The callback result replaces the state input (no ResultPath), so it carries the cart on.
      'Third Party Payment Service HTTPS Endpoint': { ...CHECKOUT, Status: 'PaymentSucceeded' },
      'Third Party Shipping Service HTTPS Endpoint': { ...CHECKOUT, Status: 'ShippingSucceeded' },
    },
  },
  'cqrs-choice-router-map.asl.json': {
    input: { 'detail-type': 'orderCommand', time: '2024-01-01T00:00:00Z', detail: { command: 'create', orderId: 'o-1', items: [{ itemid: 'i-1', quantity: 2 }] } },
    results: { 'Put Order to DynamoDB': { SdkHttpMetadata: { HttpStatusCode: 200 } } },
  },
  'dynamodb-scan-pagination-map.asl.json': {
    results: {
      'Initial Scan': { Items: [{ id: { S: '1' } }, { id: { S: '2' } }] },
      'Update record': lambda({ id: { S: 'x' } }),
    },
  },
  'early-stopping-startexecution-callback.asl.json': {
    input: { query: 'What is ASL?' },
    results: {
      'Launch Workers': { agent_id: 1, confidence_score: 0.9, result: 'answer', executionArn: 'arn:aws:states:us-east-1:1:execution:w:1' },
      'Generate Synthesis': { StatusCode: 200, Payload: { synthesized_result: 'final' } },
    },
  },
  'emr-job-sync.asl.json': { results: { 'Create an EMR cluster': { ClusterId: 'j-1' } } },
  'eventbridge-replay-map-wait-timestamp.asl.json': {
    input: [{ time: '2023-01-01T00:00:00Z', detail: {}, source: 's', 'detail-type': 'd' }],
    results: {
      'Convert past event to today': lambda({
        process: true,
        time: '2024-01-01T00:00:10Z',
        event: { time: '2024-01-01T00:00:10Z', detail: {}, source: 's', 'detail-type': 'd' },
      }),
    },
  },
  // Distributed Maps: the ItemReader is answered under the Map state's name, like a Task.
  'distributed-map-csv-batcher-migration.asl.json': {
    input: { bucket_name: 'b', file_key: 'migration.csv' },
    results: { 'Read Input File': { Body: 'id,name\n1,Ada\n2,"Grace, H."\n' } },
  },
  'distributed-map-csv-s3-child-express.asl.json': { results: { Map: 'metric,value\ncpu,0.5\nmem,0.7\n' } },
  'distributed-map-montecarlo-s3-list.asl.json': {
    results: {
      'Generate Random Samples': { bucket_name: 'b', inputprefix: 'samples/' },
      'Monte Carlo Simulation - (Distributed Map)': { Contents: [{ Key: 'samples/1.json' }, { Key: 'samples/2.json' }] },
    },
  },
  'distributed-map-s3-nested-batching.asl.json': {
    results: { 'S3 Distributed Map State Machine': { Contents: [{ Key: 'a' }, { Key: 'b' }, { Key: 'c' }] } },
  },
  'storm-events-distributed-map-glue-athena.asl.json': {
    results: {
      'Ingest From S3': { Contents: [{ Key: 'raw_source/1.gz' }, { Key: 'raw_source/2.gz' }] },
      'Get Crawler Status': { Crawler: { State: 'READY' } },
    },
  },
  'eventbridge-rules-to-schedules-distributed-map.asl.json': {
    results: {
      'Process Rules': lambda({
        ParamsList: [
          {
            Name: 'r1', RuleName: 'r1', RuleState: 'ENABLED', State: 'ENABLED', Description: 'd', ScheduleExpression: 'rate(1 day)',
            ScheduleGroup: 'default', GroupName: 'default', FlexibleTimeWindow: { Mode: 'OFF' }, Target: { Arn: 'a', RoleArn: 'r' },
          },
        ],
      }),
    },
  },
  'idempotent-workflow-dynamodb.asl.json': {
    input: { orderId: 'o-1' },
    results: {
      'Create idempotency settings (key and ttl)': { idempotencyKey: 'k-1', ttl: '1700000000' },
    },
  },
  'inventory-check-level-parallel-choice.asl.json': {
    input: { id: { S: 'p-1' }, stock: { N: '3' }, threshold: { N: '5' }, minPOAmount: { N: '10' } },
  },
  'inventory-reserve-stock.asl.json': {
    input: { productId: 'p-1', quantity: 2, orderId: 'o-1' },
    results: { 'DynamoDB GetItem': { Item: { status: { S: 'IN STOCK' }, stock: { N: '10' }, minPOAmount: { N: '5' } } } },
  },
  'jsonata-data-extraction-child-map-loop.asl.json': {
    input: { locationId: 'l-1', taskId: 't-1', taskToken: 't' },
  },
  'jsonata-distributed-data-stream-aggregator.asl.json': {
    input: { task_id: 't-1', task_sort_key: 'k' },
    results: {
      'Get Third-party locations': { Items: [] },
      'Combine Part Files': { JobRunId: 'jr-1' },
      'Has Job Finish': { JobRun: { Id: 'jr-1', JobRunState: 'SUCCEEDED' } },
    },
  },
  'jsonata-http-invoke-data-processing-child.asl.json': {
    input: { locationId: 'l-1', childTaskToken: 't', dataType: 'failed', limit: 10, offset: 0, resourceKey: 'r', state: 'CA', errors: [] },
    results: { 'Get Data': { ResponseBody: { results: [{ resourceKey: 'r', errors: [{ message: 'm' }], state: 'CA' }], count: 1 } } },
  },
  'map-inline-github-states-format.asl.json': {
    results: { 'Call out to GitHub': lambda({ repoName: 'aethon', count: 1, uniques: 1, timestamp: '2024-01-01' }) },
  },
  'map-inline-sqs-messages.asl.json': {
    results: { 'Read messages from SQS queue': lambda([{ MessageId: 'm-1', ReceiptHandle: 'r', Body: 'b' }]) },
  },
  'map-of-parallel-s3-rekognition.asl.json': {
    input: { Objects: [{ Bucket: 'b', Key: 'a.jpg' }] },
    results: { GetObjectAttributes: { LastModified: '2024-01-01', StorageClass: 'STANDARD', ObjectSize: 10 }, DetectLabels: { Labels: [] } },
  },
  'map-workers-send-task-success.asl.json': {
    input: { workers: [{ workerId: 'w-1', approach: 'general' }], taskToken: 't', query: 'q', executionName: 'e' },
    results: { 'Evaluate Result': lambda({ threshold_met: true, agent_id: 'w-1', confidence_score: 0.9, result: 'r' }) },
  },
  'path-based-on-data-choice.asl.json': { input: { type: 'Private', value: 25 } },
  'redshift-data-poll-loop.asl.json': {
    input: { redshift_workgroup: 'wg', redshift_database: 'db', query_without_unload: 'select 1', output_bucket: 'b' },
    results: {
      ExecuteStatement: { Id: 'st-1' },
      DescribeStatement: { Status: 'FINISHED' },
      'Get manifest file': { Body: '{"entries":[]}' },
    },
  },
  'rekognition-poll-mediaconvert-sync.asl.json': {
    input: { Input: { Bucket: 'b', Key: 'k' }, Output: { Bucket: 'o', Key: 'out' } },
    results: {
      StartSegmentDetection: { JobId: 'job-1' },
      GetSegmentDetection: { JobStatus: 'SUCCEEDED', Segments: [{ EndTimecodeSMPTE: '00:00:10:00' }] },
    },
  },
  'request-response-wait-sns.asl.json': { input: { timer_seconds: 5, message: 'hi' } },
  'retry-exponential-backoff.asl.json': { results: { 'Generate random response': lambda({ ok: true }) } },
  's3-glacier-restore-map-callback.asl.json': {
    input: { objects: [{ bucket: 'b', key: 'k' }] },
    results: { HeadObject: { StorageClass: 'STANDARD' } },
  },
  'sagemaker-endpoint-maintainer-nested-choice.asl.json': {
    input: { source: 'aws.sagemaker', detail: { EndpointStatus: 'DELETED', EndpointName: 'e' } },
  },
  'scatter-gather-map.asl.json': {
    input: { requestDescription: 'quote please', quoteProviders: ['arn:aws:lambda:us-east-1:1:function:p1'] },
    results: { 'Get quote': lambda({ quote: 10 }) },
  },
  'semaphore-dynamodb-lock.asl.json': {
    results: { 'Run Lambda Function With Controlled Concurrency': lambda({ done: true }) },
  },
};

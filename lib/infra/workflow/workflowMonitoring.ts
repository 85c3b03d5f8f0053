/**
 * Alarms on the failures that need a human (failed, timed-out and throttled executions, and each
 * function's errors) to the stage's topic, and one dashboard per workflow.
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Dashboard, GraphWidget, MathExpression, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/**
 * Metrics the runtime publishes through Powertools (EMF) with dimension `service` = workflow name
 * (lib/runtime/metrics/StepMetrics.ts emits the same names; they belong in lib/contracts, which
 * both could import without CDK pulling in the runtime or the runtime pulling in CDK).
 */
export const StepMetricNames = {
  /** One per attempt that is a retry (the task payload's retryCount > 0). */
  RETRY: 'StepRetry',
} as const;

const PERIOD = Duration.minutes(5);
/** Dashboards are limited in how many metrics a graph can show; beyond that, a SEARCH. */
const MAX_LINES = 20;

export interface WorkflowMonitoringProps {
  readonly workflowName: string;
  readonly stateMachine: StateMachine;
  /** Step functions and starters, labelled (step name or trigger) for alarms and graphs. */
  readonly functions: ReadonlyArray<{ readonly label: string; readonly fn: IFunction }>;
  readonly alarmTopic: ITopic;
  readonly metricsNamespace: string;
  /** Dashboard names are unique per account and region. */
  readonly dashboardName: string;
}

/** The alarms and the dashboard of one workflow. */
export class WorkflowMonitoring extends Construct {
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: WorkflowMonitoringProps) {
    super(scope, id);
    const { stateMachine: sm, workflowName } = props;
    const action = new SnsAction(props.alarmTopic);
    const alarm = (alarmId: string, metric: IMetric, what: string): void => {
      const created = new Alarm(this, alarmId, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        // No executions is not a problem; only counted failures are.
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: `${workflowName}: ${what} in the last 5 minutes`,
      });
      created.addAlarmAction(action);
      this.alarms.push(created);
    };
    alarm('ExecutionsFailed', sm.metricFailed({ period: PERIOD, statistic: 'Sum' }), 'an execution failed');
    alarm('ExecutionsTimedOut', sm.metricTimedOut({ period: PERIOD, statistic: 'Sum' }), 'an execution timed out');
    alarm('ExecutionThrottled', sm.metricThrottled({ period: PERIOD, statistic: 'Sum' }), 'an execution was throttled');
    for (const { label, fn } of props.functions) {
      alarm(`Errors${label.replace(/[^A-Za-z0-9]/g, '')}`, fn.metricErrors({ period: PERIOD, statistic: 'Sum' }), `function ${label} reported errors`);
    }

    const stepErrors = props.functions.slice(0, MAX_LINES).map(({ label, fn }) => fn.metricErrors({ period: PERIOD, statistic: 'Sum', label }));
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName.replace(/[^A-Za-z0-9_-]/g, '-'),
      widgets: [
        [
          new GraphWidget({
            title: 'Executions',
            left: [
              sm.metricStarted({ period: PERIOD, statistic: 'Sum', label: 'started' }),
              sm.metricSucceeded({ period: PERIOD, statistic: 'Sum', label: 'succeeded' }),
              sm.metricFailed({ period: PERIOD, statistic: 'Sum', label: 'failed' }),
              sm.metricTimedOut({ period: PERIOD, statistic: 'Sum', label: 'timed out' }),
            ],
          }),
          new GraphWidget({
            title: 'Execution duration (ms)',
            left: [sm.metricTime({ period: PERIOD, statistic: 'p50', label: 'p50' }), sm.metricTime({ period: PERIOD, statistic: 'p99', label: 'p99' })],
          }),
        ],
        [
          new GraphWidget({ title: 'Step errors', left: stepErrors }),
          new GraphWidget({
            title: 'Step retries',
            left: [
              new MathExpression({
                // Whatever other dimensions the runtime adds (step, ...), summed over this workflow.
                expression: `SUM(SEARCH('Namespace="${props.metricsNamespace}" MetricName="${StepMetricNames.RETRY}" service="${workflowName}"', 'Sum', 300))`,
                label: 'retries',
                period: PERIOD,
              }),
            ],
          }),
        ],
      ],
    });
  }
}

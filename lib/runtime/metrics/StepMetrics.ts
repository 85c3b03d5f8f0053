/**
 * The step's metrics through Powertools Metrics (CloudWatch Embedded Metric Format on stdout, so
 * Lambda turns them into metrics and the local engine keeps them with the execution's logs).
 *
 * Per invocation, dimensions `service`, `workflow`, `step`:
 * - `StepDuration` (Milliseconds), `StepSucceeded` or `StepFailed` (Count), `StepRetry` (Count,
 *   when the attempt is a retry), `ColdStart` (Count, once per container);
 * - `StepFailedByError` (Count) with the extra dimension `errorName`.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export const StepMetricNames = {
  DURATION: 'StepDuration',
  SUCCEEDED: 'StepSucceeded',
  FAILED: 'StepFailed',
  FAILED_BY_ERROR: 'StepFailedByError',
  RETRY: 'StepRetry',
  COLD_START: 'ColdStart',
} as const;

export interface StepMetricsOptions {
  readonly namespace: string;
  readonly serviceName: string;
  readonly workflow: string;
  readonly step: string;
}

export class StepMetrics {
  /** For handlers that emit their own metrics; flushed with the step's. */
  readonly metrics: Metrics;

  constructor(options: StepMetricsOptions) {
    this.metrics = new Metrics({
      namespace: options.namespace,
      serviceName: options.serviceName,
      defaultDimensions: { workflow: options.workflow, step: options.step },
    });
  }

  /** Records the start of an invocation. */
  started(coldStart: boolean, retryCount: number): void {
    if (coldStart) this.metrics.singleMetric().addMetric(StepMetricNames.COLD_START, MetricUnit.Count, 1);
    if (retryCount > 0) this.metrics.addMetric(StepMetricNames.RETRY, MetricUnit.Count, 1);
  }

  succeeded(durationMs: number): void {
    this.metrics.addMetric(StepMetricNames.DURATION, MetricUnit.Milliseconds, durationMs);
    this.metrics.addMetric(StepMetricNames.SUCCEEDED, MetricUnit.Count, 1);
  }

  failed(durationMs: number, errorName: string): void {
    this.metrics.addMetric(StepMetricNames.DURATION, MetricUnit.Milliseconds, durationMs);
    this.metrics.addMetric(StepMetricNames.FAILED, MetricUnit.Count, 1);
    const byError = this.metrics.singleMetric();
    byError.addDimension('errorName', errorName);
    byError.addMetric(StepMetricNames.FAILED_BY_ERROR, MetricUnit.Count, 1);
  }

  /** Writes the buffered metrics as one EMF line. */
  flush(): void {
    this.metrics.publishStoredMetrics();
  }
}

import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** A cdk-nag rule this library's own resources answer for, and why. */
export interface NagSuppression {
  readonly id: string;
  readonly reason: string;
  /** Finding ids (e.g. `Resource::<arn>`) or `{ regex }` the suppression is limited to. */
  readonly appliesTo?: (string | { regex: string })[];
}

/**
 * Records cdk-nag suppressions in the resource metadata that cdk-nag reads, so
 * users who run cdk-nag see reasons for the library's internals rather than
 * findings they cannot act on. Written without importing cdk-nag, which is not
 * a dependency of the library.
 */
export function addNagSuppressions(construct: IConstruct, suppressions: NagSuppression[]) {
  const resource = construct instanceof CfnResource ? construct : construct.node.defaultChild;
  if (!(resource instanceof CfnResource)) {
    return;
  }
  const existing: unknown[] = resource.getMetadata('cdk_nag')?.rules_to_suppress ?? [];
  const added = suppressions.map(({ id, reason, appliesTo }) => ({ id, reason, ...(appliesTo && { applies_to: appliesTo }) }));
  resource.addMetadata('cdk_nag', { rules_to_suppress: [...existing, ...added] });
}

/**
 * The cdk-nag Serverless findings a synchronously invoked function of this
 * library answers by design, with the reasons.
 *
 * @param invokedBy who invokes the function and receives its errors
 */
export function suppressSyncFunctionFindings(fn: IConstruct, invokedBy: string) {
  addNagSuppressions(fn, [
    {
      id: 'Serverless-LambdaDLQ',
      reason: `Invoked synchronously by ${invokedBy}, which receives every error itself; a dead-letter queue applies only to asynchronous invocations.`,
    },
    TRACING_OFF,
  ]);
}

/** Why the library's functions run without X-Ray. */
export const TRACING_OFF: NagSuppression = {
  id: 'Serverless-LambdaTracing',
  reason: 'X-Ray tracing is off: it would add xray:PutTraceSegments and xray:PutTelemetryRecords on "*" to the role and a cost per trace; the function logs its failures.',
};

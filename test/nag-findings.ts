import { Aspects, IAspect, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';

/**
 * Runs cdk-nag packs on a stack and returns every unsuppressed finding (and
 * every rule that could not be evaluated) as `path: message`.
 */
export function nagFindings(stack: Stack, ...packs: IAspect[]): string[] {
  packs.forEach((pack) => Aspects.of(stack).add(pack));
  const finding = Match.stringLikeRegexp('(AwsSolutions|Serverless)-.*|CdkNagValidationFailure.*');
  return [
    ...Annotations.fromStack(stack).findError('*', finding),
    ...Annotations.fromStack(stack).findWarning('*', finding),
  ].map((f) => `${f.id}: ${f.entry.data}`);
}

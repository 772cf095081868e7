import * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * The runtime of every function the library creates: the newest Node.js
 * Lambda supports (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html).
 * Lambda stops creating functions on a deprecated runtime some months after
 * its deprecation, so a name the library picks must stay ahead of the
 * schedule whatever aws-cdk-lib the app uses; aws-cdk-lib versions before
 * `Runtime.NODEJS_24_X` get the same runtime by name.
 */
export const FUNCTION_RUNTIME: lambda.Runtime = lambda.Runtime.ALL.find((runtime) => runtime.name === 'nodejs24.x')
  ?? new lambda.Runtime('nodejs24.x', lambda.RuntimeFamily.NODEJS, { supportsInlineCode: true });

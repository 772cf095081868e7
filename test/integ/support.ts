import { App, Aspects, CfnResource, IAspect, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * integ-tests-alpha's assertion functions take aws-cdk-lib's "latest" Node.js
 * runtime, which older aws-cdk-lib versions name nodejs20.x or look up in a
 * per-Region mapping of nodejs20.x/nodejs18.x; Lambda stops creating functions
 * on those on 2027-02-01 (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html).
 * The assertions here only call AWS APIs and the SDK the runtime ships, so
 * they run on the same runtime as the library's own functions.
 */
class AssertionRuntime implements IAspect {
  public visit(node: IConstruct): void {
    if (node instanceof CfnResource && node.cfnResourceType === 'AWS::Lambda::Function') {
      node.addPropertyOverride('Runtime', 'nodejs24.x');
    }
  }
}

/** The stack for a test's assertions (`IntegTest`'s `assertionStack`), its functions on nodejs24.x. */
export function assertionStack(app: App, id: string): Stack {
  const stack = new Stack(app, id);
  Aspects.of(stack).add(new AssertionRuntime());
  return stack;
}

/**
 * The event a function URL with `AWS_IAM` auth delivers for a POST signed by
 * `signerArn` (an assumed role's session ARN), in `accountId`
 * (https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads),
 * asking for a token for `userId` in `roomArn`.
 */
export function signedUrlRequest(signerArn: string, accountId: string, roomArn: string, userId: string): string {
  return JSON.stringify({
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    requestContext: {
      http: { method: 'POST', path: '/', protocol: 'HTTP/1.1', sourceIp: '198.51.100.7', userAgent: 'integ' },
      authorizer: { iam: { accessKey: 'ASIAINTEG', accountId, callerId: 'integ', userArn: signerArn, userId: 'integ' } },
      routeKey: '$default',
      stage: '$default',
    },
    body: JSON.stringify({ roomIdentifier: roomArn, userId }),
    isBase64Encoded: false,
  });
}

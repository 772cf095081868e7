import { Arn, ArnFormat, Token } from 'aws-cdk-lib';

/**
 * The id in an IVS Chat ARN, `arn:<partition>:ivschat:<region>:<account>:<resource>/<id>`.
 * A literal ARN of another service or resource type is refused with a message
 * that names the property; a token is split at deploy time.
 */
export function ivschatResourceId(property: string, arn: string, resource: 'room' | 'logging-configuration'): string {
  const parts = Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME);
  if (!Token.isUnresolved(arn) && (parts.service !== 'ivschat' || parts.resource !== resource || !parts.resourceName)) {
    throw new Error(`\`${property}\` must be an IVS Chat ${resource} ARN (arn:<partition>:ivschat:<region>:<account>:${resource}/<id>), got: ${arn}`);
  }
  return parts.resourceName!;
}

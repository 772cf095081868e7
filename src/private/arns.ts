import { Arn, ArnComponents, ArnFormat, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { validate } from './validation';

/** What `fromXxxArn` imports, for its error messages. */
export interface ImportedArn {
  /** Where the import is made. */
  readonly scope: IConstruct;
  /** The id of the import, a child of `scope`. */
  readonly id: string;
  /** The construct class importing it: `ChatRoom`. */
  readonly kind: string;
  /** The parameter holding the ARN: `chatRoomArn`. */
  readonly property: string;
}

/**
 * The id in an IVS Chat ARN, `arn:<partition>:ivschat:<region>:<account>:<resource>/<id>`.
 * A literal ARN of another service or resource type is refused with a message
 * that names the property; a token is split at deploy time.
 */
export function ivschatResourceId(imported: ImportedArn, arn: string, resource: 'room' | 'logging-configuration'): string {
  const parts = splitArn(arn);
  const literal = !Token.isUnresolved(arn);
  validate(imported.scope, imported.kind, [
    literal && (parts?.service !== 'ivschat' || parts.resource !== resource || !parts.resourceName)
      ? `\`${imported.property}\` must be an IVS Chat ${resource} ARN (arn:<partition>:ivschat:<region>:<account>:${resource}/<id>), got: ${arn}`
      : undefined,
  ], imported.id);
  return parts!.resourceName!;
}

function splitArn(arn: string): ArnComponents | undefined {
  try {
    return Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME);
  } catch {
    // Not an ARN at all: the caller says what it should be.
    return undefined;
  }
}

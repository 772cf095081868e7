/**
 * The rules for a logging configuration beyond those every resource shares.
 *
 * The configuration is deployed by CloudFormation's `AWS::IVSChat::LoggingConfiguration`,
 * so where CloudFormation's schema is stricter than the API it is the schema that counts
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ivschat-loggingconfiguration.html).
 */
import { TagRules } from './common-rules';

/** Tags of a logging configuration: CloudFormation's schema wants values of at least 1 character. */
export const LOGGING_CONFIGURATION_TAG_RULES: TagRules = {
  resource: 'a chat logging configuration',
  valueMinLength: 1,
  valueMinLengthReason: 'CloudFormation\'s AWS::IVSChat::LoggingConfiguration refuses empty values',
  sentBySdk: false,
};

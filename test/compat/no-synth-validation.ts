/**
 * Newer aws-cdk-lib validates every template at synth against CloudFormation's
 * rules, loading its rule set anew in each suite (5 to 25 s a suite on two
 * cores). The construct suites check what the library builds, not
 * CloudFormation's rules: those run once per template in the reference check
 * (test/reference), which keeps the validation on and reads its report.
 */
process.env.CDK_VALIDATION = 'false';

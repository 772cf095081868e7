import * as fs from 'fs';
import * as path from 'path';

/**
 * Prints what a synthesized cloud assembly asks of AWS: the chat rooms, the
 * provider behind them and every IAM statement, with intrinsics made readable.
 * Usage: summarize.ts <cloud assembly dir>, or `summarize()` from the demo.
 */

type Template = { Resources?: Record<string, { Type: string; Properties?: any }> };

/** Renders `Ref`, `Fn::GetAtt`, `Fn::Join` and `Fn::Select/Split` as text. */
function show(value: any): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(show).join(', ');
  if (value && typeof value === 'object') {
    if ('Ref' in value) return `\${${value.Ref}}`;
    if ('Fn::GetAtt' in value) return `\${${value['Fn::GetAtt'].join('.')}}`;
    if ('Fn::Join' in value) return value['Fn::Join'][1].map(show).join(value['Fn::Join'][0]);
    return JSON.stringify(value);
  }
  return String(value);
}

/** Prints the summary of every stack of the assembly. */
export function summarize(assemblyDir: string) {
  const manifest = JSON.parse(fs.readFileSync(path.join(assemblyDir, 'manifest.json'), 'utf-8'));
  const stacks = Object.entries<any>(manifest.artifacts)
    .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack');

  for (const [stackName, artifact] of stacks) {
    const template: Template = JSON.parse(fs.readFileSync(path.join(assemblyDir, artifact.properties.templateFile), 'utf-8'));
    const resources = Object.entries(template.Resources ?? {});
    console.log(`Stack ${stackName}: ${resources.length} resources`);

    const rooms = resources.filter(([, r]) => r.Type === 'Custom::IvsChatRoom');
    console.log(`\nChat rooms (${rooms.length}):`);
    for (const [id, room] of rooms) {
      const p = room.Properties;
      const review = p.MessageReviewHandler
        ? `review by ${show(p.MessageReviewHandler.Uri)}, fallback ${p.MessageReviewHandler.FallbackResult}`
        : 'no review';
      const tags = Object.entries(p.Tags ?? {}).map(([k, v]) => `${k}=${v}`).join(' ') || 'none';
      console.log(`  ${id}: name "${p.Name}", up to ${p.MaximumMessageLength} code points, ${p.MaximumMessageRatePerSecond} msg/s, ${review}`);
      console.log(`    tags: ${tags}; service token ${show(p.ServiceToken)}; deletion ${(room as any).DeletionPolicy ?? 'Delete'}`);
    }

    const functions = resources.filter(([, r]) => r.Type === 'AWS::Lambda::Function');
    const providerFunctions = functions.filter(([id]) => id.startsWith('IvsChatRoomProvider'));
    console.log(`\nRoom provider: ${providerFunctions.length} Lambda functions shared by ${rooms.length} rooms`);
    for (const [id, fn] of providerFunctions) {
      console.log(`  ${id}: ${show(fn.Properties.Runtime)}, ${fn.Properties.Timeout ?? 3}s timeout, log group ${show(fn.Properties.LoggingConfig?.LogGroup ?? 'default')}`);
    }

    console.log('\nIAM statements:');
    for (const [id, policy] of resources.filter(([, r]) => r.Type === 'AWS::IAM::Policy')) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        const actions = [statement.Action].flat().join(', ');
        const targets = [statement.Resource].flat().map(show).join('\n        ');
        console.log(`  ${id} (${statement.Effect}): ${actions}\n      on ${targets}`);
      }
    }
    for (const [id, permission] of resources.filter(([, r]) => r.Type === 'AWS::Lambda::Permission')) {
      const p = permission.Properties;
      console.log(`  ${id}: ${p.Principal} may ${p.Action} ${show(p.FunctionName)}\n      if SourceAccount=${show(p.SourceAccount)} and SourceArn=${show(p.SourceArn)}`);
    }
    console.log('');
  }
}

if (require.main === module) {
  summarize(process.argv[2] ?? 'cdk.out');
}

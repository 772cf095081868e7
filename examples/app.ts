import { App, Tags } from 'aws-cdk-lib';
import { ChatDemoStack } from './stack';

/** `cdk synth -c demoVersion=2` builds the second version of the app. */
const app = new App();
const stack = new ChatDemoStack(app, 'IvsChatDemo', { version: Number(app.node.tryGetContext('demoVersion') ?? 1) });
Tags.of(stack).add('project', 'cdk-ivs-chat-demo');
app.synth();

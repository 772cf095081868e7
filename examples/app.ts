import { App, Tags } from 'aws-cdk-lib';
import { ChatDemoStack } from './stack';

const app = new App();
const stack = new ChatDemoStack(app, 'IvsChatDemo');
Tags.of(stack).add('project', 'cdk-ivs-chat-demo');
app.synth();

export * from './chat-logging-configuration';
export * from './chat-metrics';
export * from './chat-room';
export * from './chat-token-issuer';
export * from './message-reviewer';

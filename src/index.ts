export * from './chat-room';
export * from './chat-token-issuer';
export * from './message-reviewer';

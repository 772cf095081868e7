export * from './chat-room';

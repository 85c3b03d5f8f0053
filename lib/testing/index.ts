export * from './mockHttpServer.ts';
export * from './testEngine.ts';

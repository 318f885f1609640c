// moved: bot/teams/turn.ts

// moved: bot/teams/card-action.ts
export { readActionData } from './card-action.js';
// moved: bot/teams/card-renderer.ts
export { CardRenderer } from './card-renderer.js';
// moved: bot/teams/dispatch.ts (every command and card verb now goes through the route table)
export { dispatchCardAction as handleCardAction, dispatchCommand as handleCommand } from './dispatch.js';
export type { Effect, HandlerDeps, HandlerResult, InvokeAnswer, TurnInput } from './turn.js';

/** What the bot says when it is added to a chat: in the 1:1 chat, what can be done there; elsewhere, how to start. */
export function greeting(personal: boolean): string {
  return personal
    ? 'Hello! I help with Permanency Roundtables. Here, in our 1:1 chat: `prepare <case alias>` records what the youth and family said before the roundtable; afterwards `my steps` lists the plan steps you own and `my reviews` the plans you review. A roundtable itself is started in the meeting chat: `@Roundtable start <case alias>` there. `help` lists every command.'
    : 'Hello! I run Permanency Roundtables in this chat. Type `@Roundtable start <case alias>` to begin, or `@Roundtable help` for the commands (in a group or meeting chat I only hear messages that @mention me).';
}

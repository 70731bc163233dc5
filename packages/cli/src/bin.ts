#!/usr/bin/env node
import { main } from './main.js';

// `atlas ls | head -1` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const code = await main(process.argv.slice(2));
// Exit explicitly: a provider may keep sockets alive (keep-alive) after the last request.
process.exit(code);

#!/usr/bin/env node
import { main } from './main.js';

const code = await main(process.argv.slice(2));
// Exit explicitly: a provider may keep sockets alive (keep-alive) after the last request.
process.exit(code);

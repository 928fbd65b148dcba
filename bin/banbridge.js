#!/usr/bin/env node
// The published entry point: runs the compiled CLI (npm ci / npm install build dist/ via "prepare").
import { runCli } from '../dist/cli/main.js';

process.exitCode = await runCli(process.argv.slice(2));

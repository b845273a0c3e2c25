import { runExtractCli } from '@app/extraction';

void runExtractCli(process.stdin, process.stdout);

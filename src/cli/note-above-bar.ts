import type cliProgress from 'cli-progress';

/**
 * Prints a note above a progress bar on a terminal: clears the bar's line, prints the message with line wrap on
 * (the bar turns it off), saves the cursor again on the bar's new line, where the bar's stop returns (it restores
 * the position saved at its start), and draws the bar there again (render draws even when its text is unchanged).
 * Before the bar has started, the note is a plain line.
 */
export function noteAboveBar(bar: cliProgress.SingleBar, started: boolean, message: string): void {
  if (!started) {
    process.stderr.write(`${message}\n`);
    return;
  }
  process.stderr.write(`\r\x1b[2K\x1b[?7h${message}\n\x1b[?7l\x1b7`);
  bar.render();
}

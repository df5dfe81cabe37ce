/** A code block of a Markdown page that shows a whole file: a `<!-- file: PATH -->` line, then the fence. */
export interface FileBlock {
  /** Workspace-relative path named by the marker. */
  readonly file: string;
  /** The block's text, as the file's content (a final newline included). */
  readonly content: string;
  /** The block's position in the page: the fence's first line and the line after the closing fence. */
  readonly start: number;
  readonly end: number;
}

const MARKER = /^<!-- file: (\S+) -->$/;

/** Every file block of `markdown`, in page order; throws when a marker is not followed by a fenced block. */
export function fileBlocks(markdown: string): FileBlock[] {
  const lines = markdown.split('\n');
  const out: FileBlock[] = [];
  lines.forEach((line, i) => {
    const marker = MARKER.exec(line);
    if (!marker) return;
    const fence = /^(`{3,})\S*$/.exec(lines[i + 1] ?? '')?.[1];
    if (!fence) throw new Error(`line ${i + 1}: ${line} must be followed by a fenced code block`);
    const close = lines.findIndex((l, j) => j > i + 1 && l === fence);
    if (close < 0) throw new Error(`line ${i + 2}: the code block of ${marker[1]} is not closed`);
    out.push({ file: marker[1], content: lines.slice(i + 2, close).join('\n') + '\n', start: i + 1, end: close + 1 });
  });
  return out;
}

/** `markdown` with the text of every file block replaced by `contentOf(file)`. */
export function withFileContents(markdown: string, contentOf: (file: string) => string): string {
  const lines = markdown.split('\n');
  for (const block of fileBlocks(markdown).reverse()) {
    const body = contentOf(block.file).replace(/\n$/, '').split('\n');
    lines.splice(block.start + 1, block.end - block.start - 2, ...body);
  }
  return lines.join('\n');
}

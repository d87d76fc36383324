/** Saves a Blob under a file name (the browser's download). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Fetches a file (a CSV, a PNG) and saves it; a failure goes to `setError`, which is cleared first. */
export async function download(
  load: () => Promise<Blob>,
  filename: string,
  setError: (e: unknown) => void,
): Promise<void> {
  setError(null);
  try {
    saveBlob(await load(), filename);
  } catch (e) {
    setError(e);
  }
}

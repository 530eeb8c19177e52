// File URIs exactly as VS Code writes them (its Uri.toString, from the vscode-uri library it is built on), so a
// task the CLI queues has the same fileUri as the editor would give it: duplicate checks, decorations and pinned
// files compare these strings. (Node's pathToFileURL leaves "(", "@", "+" … as they are; VS Code encodes them.)
import { URI } from 'vscode-uri';

export const fileUriOf = (absolutePath: string): string => URI.file(absolutePath).toString();

export const pathOfFileUri = (uri: string): string => URI.parse(uri).fsPath;

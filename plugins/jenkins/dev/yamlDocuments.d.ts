/**
 * A YAML stream imported through the dev server's own YAML loader in
 * multi-document mode: the parsed documents.
 */
declare module '!!yml-loader?multiDocument=true!*' {
  const documents: unknown[];
  export default documents;
}

// SVG files imported from TypeScript arrive as their text (JupyterLab's builder).
declare module '*.svg' {
  const value: string;
  export default value;
}

declare module 'react-custom-scrollbars-2/lib/index.js' {
  export { default } from 'react-custom-scrollbars-2';
}

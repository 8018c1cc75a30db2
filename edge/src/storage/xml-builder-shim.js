// wrangler aliases `@aws-sdk/xml-builder` here: its browser build needs DOMParser, which workerd
// lacks, so every S3 XML response (errors, listings) would fail. The pure-JS parser works everywhere.
export { XmlNode } from '../../../node_modules/@aws-sdk/xml-builder/dist-es/XmlNode.js';
export { XmlText } from '../../../node_modules/@aws-sdk/xml-builder/dist-es/XmlText.js';
export { parseXML } from '../../../node_modules/@aws-sdk/xml-builder/dist-es/xml-parser.js';

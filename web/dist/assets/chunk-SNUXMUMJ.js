import{a}from"./chunk-LITJFCT6.js";import"./chunk-QVUDNEN6.js";import"./chunk-WYME3ZPE.js";import"./chunk-IYWUY3VA.js";export{a as GraphView};

import{a}from"./chunk-F7SKBBPA.js";import"./chunk-QVUDNEN6.js";import"./chunk-WYME3ZPE.js";import"./chunk-IYWUY3VA.js";export{a as TableView};

import{a}from"./chunk-H4US6MW5.js";import"./chunk-LVN2AIOF.js";import"./chunk-O25HQKV7.js";import"./chunk-IYWUY3VA.js";export{a as TableView};

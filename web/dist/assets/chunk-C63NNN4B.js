import{a}from"./chunk-O7PTESDB.js";import"./chunk-LVN2AIOF.js";import"./chunk-O25HQKV7.js";import"./chunk-IYWUY3VA.js";export{a as GraphView};

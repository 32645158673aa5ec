import{a}from"./chunk-7VU5C5QX.js";import"./chunk-O25HQKV7.js";import"./chunk-IYWUY3VA.js";export{a as views};

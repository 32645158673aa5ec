import{a}from"./chunk-OCWCCHVN.js";import"./chunk-O25HQKV7.js";import"./chunk-IYWUY3VA.js";export{a as views};

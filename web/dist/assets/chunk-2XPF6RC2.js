import{a}from"./chunk-GSBXWSVV.js";import"./chunk-ZS7EOZQI.js";import"./chunk-GVHESXWS.js";import"./chunk-CYIHO4H5.js";import"./chunk-KA27ISCT.js";import"./chunk-IYWUY3VA.js";export{a as TableView};

import{a,b}from"./chunk-S6IA7MSW.js";import"./chunk-ZS7EOZQI.js";import"./chunk-JWIZOWBI.js";import"./chunk-O76BBFZL.js";import"./chunk-IYWUY3VA.js";export{b as TableView,a as tableModes};

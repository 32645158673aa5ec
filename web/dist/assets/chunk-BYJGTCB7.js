import{a}from"./chunk-4A2AO7EW.js";import"./chunk-FSDBN2GU.js";import"./chunk-IYWUY3VA.js";export default a();

@echo off
rem Fake Azure CLI for the emulator (test use only): the Windows twin of ./az. cmd.exe, which
rem @azure/identity runs `az ...` through on Windows, finds this file by PATHEXT. Runs az.mjs with
rem %AZ_EMULATOR_NODE%, else `node` from PATH.
setlocal
set "node_bin=%AZ_EMULATOR_NODE%"
if not defined node_bin set "node_bin=node"
"%node_bin%" "%~dp0az.mjs" %*

/**
 * SciJava commands for Fiji's menu: thin shells over the service, parameters by @Parameter. Front end: nothing imports it.
 */
package org.imagestack.commands;

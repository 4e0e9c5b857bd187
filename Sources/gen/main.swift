import GenCLI

GenCommand.mainSuggestingCommands()

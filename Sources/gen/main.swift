import GenCLI

GenCommand.main()
